-- Exact row counts for large tables, kept by triggers in the same transaction as the change, so
-- that unfiltered list pages do not scan the table for their `total`. (SQLite dialect; the
-- PostgreSQL twin is 002_row_counts.postgresql.sql.)
CREATE TABLE row_counts (name TEXT PRIMARY KEY, n BIGINT NOT NULL);
INSERT INTO row_counts(name, n) SELECT 'employees', count(*) FROM employees;
CREATE TRIGGER employees_count_ins AFTER INSERT ON employees BEGIN
  UPDATE row_counts SET n = n + 1 WHERE name = 'employees';
END;
CREATE TRIGGER employees_count_del AFTER DELETE ON employees BEGIN
  UPDATE row_counts SET n = n - 1 WHERE name = 'employees';
END;
