-- Compensation planning: salary bands per position and grade (effective-dated), market salary data
-- (imported, history kept), the offer-pricing configuration (evidence → position in band, pay
-- structure; effective-dated versions), a candidate's expected salary on the application, and
-- effective-dated overrides of the built-in social-insurance / housing-fund city rules. Money is
-- monthly fen; dates TEXT YYYY-MM-DD; instants TEXT RFC 3339 UTC. docs/compensation.md.

CREATE TABLE salary_bands (
  id {{pk}},
  position_id BIGINT NOT NULL REFERENCES positions(id),
  grade_id BIGINT NOT NULL REFERENCES grades(id),
  effective_from TEXT NOT NULL,
  effective_to TEXT,
  min_salary BIGINT NOT NULL,
  mid_salary BIGINT NOT NULL,
  max_salary BIGINT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_by BIGINT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (position_id, grade_id, effective_from)
);
CREATE INDEX salary_bands_grade ON salary_bands(grade_id);

-- Contract with analytics (salary trends read this table directly): never rename or remove columns.
CREATE TABLE market_salary_data (
  id {{pk}},
  position TEXT NOT NULL,
  city TEXT NOT NULL,
  p25 INTEGER,
  p50 INTEGER,
  p75 INTEGER,
  p90 INTEGER,
  as_of TEXT NOT NULL,
  source TEXT,
  imported_at TEXT NOT NULL,
  imported_by BIGINT,
  position_key TEXT NOT NULL DEFAULT ''
);
CREATE INDEX market_salary_lookup ON market_salary_data(position_key, city, as_of);

CREATE TABLE offer_pricing_rules (
  id {{pk}},
  effective_from TEXT NOT NULL UNIQUE,
  tiers TEXT NOT NULL,
  structure TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_by BIGINT,
  created_at TEXT NOT NULL
);

ALTER TABLE applications ADD COLUMN expected_monthly_salary BIGINT;

CREATE TABLE payroll_city_rule_overrides (
  id {{pk}},
  city TEXT NOT NULL,
  scheme TEXT NOT NULL,
  effective_from TEXT NOT NULL,
  effective_to TEXT,
  employee_ppm INTEGER,
  employer_ppm INTEGER,
  base_floor BIGINT,
  base_cap BIGINT,
  note TEXT NOT NULL DEFAULT '',
  created_by BIGINT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (city, scheme, effective_from)
);
