-- Dispatch marks events instead of a cursor: with concurrent writers (PostgreSQL) ids may commit
-- out of order, and a cursor would skip an event that commits late.
ALTER TABLE outbox ADD COLUMN dispatched_at TEXT;
CREATE INDEX outbox_pending ON outbox(dispatched_at, id);
