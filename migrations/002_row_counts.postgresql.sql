-- Exact row counts for large tables, kept by triggers (PostgreSQL dialect; see the SQLite twin).
CREATE TABLE row_counts (name TEXT PRIMARY KEY, n BIGINT NOT NULL);
INSERT INTO row_counts(name, n) SELECT 'employees', count(*) FROM employees;
CREATE FUNCTION employees_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE row_counts SET n = n + 1 WHERE name = 'employees';
  ELSE
    UPDATE row_counts SET n = n - 1 WHERE name = 'employees';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER employees_count AFTER INSERT OR DELETE ON employees FOR EACH ROW EXECUTE FUNCTION employees_count();
