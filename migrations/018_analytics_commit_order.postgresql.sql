-- PostgreSQL only. Ids come from a sequence when a row is inserted, but transactions commit in
-- another order, so "id > cursor" can skip a row whose transaction committed after a higher id was
-- read. The analytics folds remember instead the snapshot they read under and take the rows of the
-- transactions that snapshot did not see (pg_visible_in_snapshot on the writer's transaction id);
-- see docs/analytics.md "Cursors and concurrent writers". SQLite has one writer at a time and keeps
-- its id cursors.
--
-- The column is added without a default first and the default set after, so the table is not
-- rewritten: rows written before this migration keep NULL (older than any snapshot; the first fold
-- after it rebuilds the funnel anyway).
ALTER TABLE application_events ADD COLUMN written_xid xid8;
ALTER TABLE application_events ALTER COLUMN written_xid SET DEFAULT pg_current_xact_id();
CREATE INDEX application_events_written_xid ON application_events(written_xid);

-- Only the outbox events the funnel reacts to (erasures, merges, deleted applications) are indexed.
ALTER TABLE outbox ADD COLUMN written_xid xid8;
ALTER TABLE outbox ALTER COLUMN written_xid SET DEFAULT pg_current_xact_id();
CREATE INDEX outbox_funnel_written_xid ON outbox(written_xid)
  WHERE topic LIKE 'candidate.%' OR topic LIKE 'application.delete%';

-- The hire read model (employees, final ratings, interviews) had the same flaw with MAX(updated_at)
-- stamps: a row written by a transaction that commits after a later stamp was read is never
-- refolded. These rows are also updated, so the column is set on INSERT by its default and on
-- UPDATE by a trigger.
CREATE FUNCTION analytics_written_xid() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.written_xid := pg_current_xact_id();
  RETURN NEW;
END $$;

ALTER TABLE employees ADD COLUMN written_xid xid8;
ALTER TABLE employees ALTER COLUMN written_xid SET DEFAULT pg_current_xact_id();
CREATE TRIGGER employees_written_xid BEFORE UPDATE ON employees FOR EACH ROW EXECUTE FUNCTION analytics_written_xid();
CREATE INDEX employees_written_xid ON employees(written_xid);

ALTER TABLE performance_final_ratings ADD COLUMN written_xid xid8;
ALTER TABLE performance_final_ratings ALTER COLUMN written_xid SET DEFAULT pg_current_xact_id();
CREATE TRIGGER performance_final_ratings_written_xid BEFORE UPDATE ON performance_final_ratings FOR EACH ROW
  EXECUTE FUNCTION analytics_written_xid();
CREATE INDEX performance_final_ratings_written_xid ON performance_final_ratings(written_xid);

ALTER TABLE interviews ADD COLUMN written_xid xid8;
ALTER TABLE interviews ALTER COLUMN written_xid SET DEFAULT pg_current_xact_id();
CREATE TRIGGER interviews_written_xid BEFORE UPDATE ON interviews FOR EACH ROW EXECUTE FUNCTION analytics_written_xid();
CREATE INDEX interviews_written_xid ON interviews(written_xid);
