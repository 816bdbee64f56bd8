-- The pull API filters a tenant's events by subject or type in seq order. Without these, a filter
-- that matches few rows walked the tenant's whole (tenant, seq) index: ~340 ms at 1,000,000 events.
CREATE INDEX events_tenant_subject_seq ON events (tenant, subject, seq);
CREATE INDEX events_tenant_type_seq ON events (tenant, type, seq);
