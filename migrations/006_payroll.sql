-- Payroll over the database: compensation per employee (effective-dated), monthly inputs, runs
-- (draft → approved) with their payslips, and the year-to-date figures imported at go-live.
-- Portable SQL. Money is INTEGER fen; dates TEXT YYYY-MM-DD; periods TEXT YYYY-MM; instants TEXT
-- RFC 3339 UTC; contribution rates parts per million; hours and days hundredths (150 = 1.5).
-- See docs/payroll-rules.md "Payroll runs".

-- The pay terms in force from effective_from until the next row of the same employee.
CREATE TABLE employee_compensation (
  id {{pk}},
  employee_id BIGINT NOT NULL REFERENCES employees(id) ON DELETE CASCADE,
  effective_from TEXT NOT NULL,
  monthly_salary BIGINT NOT NULL,
  city TEXT NOT NULL,
  social_insurance_base BIGINT,
  housing_fund_base BIGINT,
  housing_fund_ppm INTEGER,
  local_hukou INTEGER NOT NULL DEFAULT 0,
  social_insurance_enrolled INTEGER NOT NULL DEFAULT 1,
  housing_fund_enrolled INTEGER NOT NULL DEFAULT 1,
  annual_basic_deduction_upfront INTEGER NOT NULL DEFAULT 0,
  special_additional_deduction BIGINT NOT NULL DEFAULT 0,
  proration TEXT NOT NULL DEFAULT 'paid_days',
  version INTEGER NOT NULL DEFAULT 1,
  created_by BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (employee_id, effective_from)
);

-- One employee's variable pay items of one month; absent = all zero.
CREATE TABLE payroll_inputs (
  id {{pk}},
  period TEXT NOT NULL,
  employee_id BIGINT NOT NULL REFERENCES employees(id) ON DELETE CASCADE,
  taxable_allowances BIGINT NOT NULL DEFAULT 0,
  tax_free_allowances BIGINT NOT NULL DEFAULT 0,
  bonus BIGINT NOT NULL DEFAULT 0,
  annual_bonus BIGINT NOT NULL DEFAULT 0,
  annual_bonus_separately INTEGER NOT NULL DEFAULT 0,
  weekday_overtime_x100 INTEGER NOT NULL DEFAULT 0,
  rest_day_overtime_x100 INTEGER NOT NULL DEFAULT 0,
  holiday_overtime_x100 INTEGER NOT NULL DEFAULT 0,
  absence_days_x100 INTEGER NOT NULL DEFAULT 0,
  other_deduction BIGINT NOT NULL DEFAULT 0,
  post_tax_deduction BIGINT NOT NULL DEFAULT 0,
  note TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (period, employee_id)
);

-- A run is created as a draft (run row and every payslip in one transaction) and approved once.
-- notes: JSON {"provisional_cities": [...], "official_calendar": bool, "continued_from": {...}}.
CREATE TABLE payroll_runs (
  id {{pk}},
  period TEXT NOT NULL,
  status TEXT NOT NULL,
  employee_count INTEGER NOT NULL DEFAULT 0,
  gross_total BIGINT NOT NULL DEFAULT 0,
  income_tax_total BIGINT NOT NULL DEFAULT 0,
  employee_contributions_total BIGINT NOT NULL DEFAULT 0,
  employer_contributions_total BIGINT NOT NULL DEFAULT 0,
  net_total BIGINT NOT NULL DEFAULT 0,
  employer_cost_total BIGINT NOT NULL DEFAULT 0,
  notes TEXT NOT NULL DEFAULT '{}',
  created_by BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL,
  computed_at TEXT NOT NULL,
  approved_by BIGINT REFERENCES users(id),
  approved_at TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL
);
CREATE INDEX payroll_runs_period ON payroll_runs(period, status);
-- At most one approved run per period, whatever the application does.
CREATE UNIQUE INDEX payroll_runs_one_approved ON payroll_runs(period) WHERE status = 'approved';

-- One employee-month. lines: JSON [[code, fen], ...] in payslip order (codes: payroll::Describe).
-- ytd_after: the CumulativeState after this month as a JSON array of integers, in this order:
-- [tax_year, first_month, last_month, months_employed, upfront (0/1), annual_bonus_taxed_separately
-- (0/1), income, tax_free_income, basic_deduction, special_deduction, special_additional_deduction,
-- other_deduction, taxable_income, tax, withheld_tax] (amounts in fen).
CREATE TABLE payslips (
  id {{pk}},
  run_id BIGINT NOT NULL REFERENCES payroll_runs(id),
  employee_id BIGINT NOT NULL REFERENCES employees(id),
  period TEXT NOT NULL,
  city TEXT NOT NULL,
  paid_days INTEGER NOT NULL,
  paid_days_employed INTEGER NOT NULL,
  gross BIGINT NOT NULL,
  employee_contributions BIGINT NOT NULL,
  income_tax BIGINT NOT NULL,
  annual_bonus_tax BIGINT NOT NULL,
  net BIGINT NOT NULL,
  employer_contributions BIGINT NOT NULL,
  employer_cost BIGINT NOT NULL,
  lines TEXT NOT NULL,
  ytd_after TEXT NOT NULL,
  UNIQUE (run_id, employee_id)
);
CREATE INDEX payslips_employee ON payslips(employee_id, period);

-- The withholding return's 累计 columns of an employee at go-live: the first run of that tax year
-- continues from them (months through_month − months_employed + 1 .. through_month).
CREATE TABLE payroll_ytd_opening (
  id {{pk}},
  employee_id BIGINT NOT NULL REFERENCES employees(id) ON DELETE CASCADE,
  tax_year INTEGER NOT NULL,
  through_month INTEGER NOT NULL,
  months_employed INTEGER NOT NULL,
  annual_basic_deduction_upfront INTEGER NOT NULL DEFAULT 0,
  annual_bonus_taxed_separately INTEGER NOT NULL DEFAULT 0,
  income BIGINT NOT NULL,
  tax_free_income BIGINT NOT NULL,
  basic_deduction BIGINT NOT NULL,
  special_deduction BIGINT NOT NULL,
  special_additional_deduction BIGINT NOT NULL,
  other_deduction BIGINT NOT NULL,
  taxable_income BIGINT NOT NULL,
  tax BIGINT NOT NULL,
  withheld_tax BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (employee_id, tax_year)
);
CREATE INDEX payroll_ytd_opening_year ON payroll_ytd_opening(tax_year, employee_id);
