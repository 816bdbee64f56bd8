-- Step-up limits count a connection's recent step-up flows.
CREATE INDEX flows_step_up ON flows (step_up_of, created_at);
