-- No query looks events up by connection (the console and the pull API go by tenant, subject, type
-- or flow); the index only cost every event insert one more entry.
DROP INDEX events_connection;
