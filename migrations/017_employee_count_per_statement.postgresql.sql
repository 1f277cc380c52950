-- The employee count of 002_row_counts: one UPDATE per statement (transition table) instead of one per
-- row. Updating the same row_counts row 100,000 times in one transaction made the employee CSV import
-- quadratic on PostgreSQL (each update walks the chain of row versions the transaction left behind:
-- 112 s for 100,000 single-row updates, 0.6 s without the trigger). docs/performance.md "Import".
DROP TRIGGER employees_count ON employees;
DROP FUNCTION employees_count();
CREATE FUNCTION employees_count_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE row_counts SET n = n + (SELECT count(*) FROM inserted_rows) WHERE name = 'employees';
  RETURN NULL;
END $$;
CREATE FUNCTION employees_count_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE row_counts SET n = n - (SELECT count(*) FROM deleted_rows) WHERE name = 'employees';
  RETURN NULL;
END $$;
CREATE TRIGGER employees_count_ins AFTER INSERT ON employees REFERENCING NEW TABLE AS inserted_rows
  FOR EACH STATEMENT EXECUTE FUNCTION employees_count_ins();
CREATE TRIGGER employees_count_del AFTER DELETE ON employees REFERENCING OLD TABLE AS deleted_rows
  FOR EACH STATEMENT EXECUTE FUNCTION employees_count_del();
