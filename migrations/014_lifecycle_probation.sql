-- Probation reviews opened automatically (lifecycle): the daily job opens a review, in a monthly
-- probation cycle keyed by auto_key ("probation:YYYY-MM"), for each employee whose probation ends
-- within the configured number of days, assigns their manager and notifies them.
CREATE TABLE lifecycle_settings (
  id INTEGER PRIMARY KEY,
  probation_review_days INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL
);

ALTER TABLE review_cycles ADD COLUMN auto_key TEXT;
CREATE UNIQUE INDEX review_cycles_auto_key ON review_cycles(auto_key);

-- The manager assigned when the review was opened (employees.manager_id at that moment).
ALTER TABLE reviews ADD COLUMN reviewer_employee_id BIGINT REFERENCES employees(id);
