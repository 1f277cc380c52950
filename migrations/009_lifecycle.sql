-- Employee lifecycle: attendance (shifts, clock records), leave (types, requests, service profiles),
-- performance reviews (cycles, reviews, goals, final ratings), training (courses, sessions,
-- enrolments) and offboarding. Portable SQL. Dates TEXT YYYY-MM-DD; times of day TEXT HH:MM (China
-- time, UTC+8); instants TEXT RFC 3339 UTC; money INTEGER fen; days and hours in hundredths.
-- See docs/lifecycle.md.

CREATE TABLE shifts (
  id {{pk}},
  name TEXT NOT NULL UNIQUE,
  start_time TEXT NOT NULL,
  end_time TEXT NOT NULL,
  break_minutes INTEGER NOT NULL DEFAULT 60,
  grace_minutes INTEGER NOT NULL DEFAULT 0,
  is_default INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE employee_shifts (
  employee_id BIGINT NOT NULL PRIMARY KEY REFERENCES employees(id) ON DELETE CASCADE,
  shift_id BIGINT NOT NULL REFERENCES shifts(id)
);

-- One row per employee and work day: first clock-in and last clock-out.
CREATE TABLE attendance_records (
  id {{pk}},
  employee_id BIGINT NOT NULL REFERENCES employees(id) ON DELETE CASCADE,
  work_date TEXT NOT NULL,
  clock_in TEXT NOT NULL,
  clock_out TEXT,
  source TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (employee_id, work_date)
);
CREATE INDEX attendance_records_date ON attendance_records(work_date, employee_id);

-- Months whose overtime and absence were written into payroll inputs.
CREATE TABLE attendance_payroll_exports (
  id {{pk}},
  period TEXT NOT NULL,
  employees INTEGER NOT NULL,
  exported_by BIGINT REFERENCES users(id),
  exported_at TEXT NOT NULL
);

CREATE TABLE leave_types (
  id {{pk}},
  code TEXT NOT NULL UNIQUE,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  paid INTEGER NOT NULL DEFAULT 1,
  statutory_annual INTEGER NOT NULL DEFAULT 0,
  quota_days_x100 INTEGER,
  calendar_days INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Cumulative service (累计工作年限) starts at work_start_date (default: the hire date).
CREATE TABLE leave_profiles (
  employee_id BIGINT NOT NULL PRIMARY KEY REFERENCES employees(id) ON DELETE CASCADE,
  work_start_date TEXT NOT NULL,
  annual_override_days INTEGER,
  version INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL
);

CREATE TABLE leave_requests (
  id {{pk}},
  employee_id BIGINT NOT NULL REFERENCES employees(id) ON DELETE CASCADE,
  leave_type_id BIGINT NOT NULL REFERENCES leave_types(id),
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  half_day INTEGER NOT NULL DEFAULT 0,
  days_x100 INTEGER NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  decided_by BIGINT REFERENCES users(id),
  decided_at TEXT,
  decision_note TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX leave_requests_employee ON leave_requests(employee_id, start_date);
CREATE INDEX leave_requests_status ON leave_requests(status, start_date);

CREATE TABLE review_cycles (
  id {{pk}},
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  scale_min REAL NOT NULL,
  scale_max REAL NOT NULL,
  meets_threshold REAL NOT NULL,
  status TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE reviews (
  id {{pk}},
  cycle_id BIGINT NOT NULL REFERENCES review_cycles(id) ON DELETE CASCADE,
  employee_id BIGINT NOT NULL REFERENCES employees(id) ON DELETE CASCADE,
  status TEXT NOT NULL,
  self_rating REAL,
  self_comment TEXT NOT NULL DEFAULT '',
  manager_rating REAL,
  manager_comment TEXT NOT NULL DEFAULT '',
  final_rating REAL,
  calibration_note TEXT NOT NULL DEFAULT '',
  finalized_at TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (cycle_id, employee_id)
);
CREATE INDEX reviews_employee ON reviews(employee_id);

CREATE TABLE review_goals (
  id {{pk}},
  review_id BIGINT NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  weight INTEGER NOT NULL DEFAULT 0,
  self_rating REAL,
  manager_rating REAL
);
CREATE INDEX review_goals_review ON review_goals(review_id);

-- The contract read by analytics (quality of hire): one final rating per employee and period.
CREATE TABLE performance_final_ratings (
  id {{pk}},
  employee_id BIGINT NOT NULL REFERENCES employees(id),
  cycle_id BIGINT,
  cycle_kind TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  rating REAL NOT NULL,
  scale_min REAL NOT NULL,
  scale_max REAL NOT NULL,
  meets_expectations INTEGER NOT NULL,
  finalized_at TEXT NOT NULL,
  UNIQUE(employee_id, cycle_kind, period_end)
);

CREATE TABLE training_courses (
  id {{pk}},
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  provider TEXT NOT NULL DEFAULT '',
  hours_x100 INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE training_sessions (
  id {{pk}},
  course_id BIGINT NOT NULL REFERENCES training_courses(id) ON DELETE CASCADE,
  session_date TEXT NOT NULL,
  location TEXT NOT NULL DEFAULT '',
  capacity INTEGER,
  created_at TEXT NOT NULL
);

CREATE TABLE training_enrollments (
  id {{pk}},
  session_id BIGINT NOT NULL REFERENCES training_sessions(id) ON DELETE CASCADE,
  employee_id BIGINT NOT NULL REFERENCES employees(id) ON DELETE CASCADE,
  attended INTEGER,
  score REAL,
  passed INTEGER,
  version INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL,
  UNIQUE (session_id, employee_id)
);

CREATE TABLE offboardings (
  id {{pk}},
  employee_id BIGINT NOT NULL REFERENCES employees(id),
  kind TEXT NOT NULL,
  reason TEXT NOT NULL,
  last_day TEXT NOT NULL,
  status TEXT NOT NULL,
  checklist_json TEXT NOT NULL,
  final_pay_json TEXT NOT NULL,
  exit_interview_enc TEXT,
  completed_at TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX offboardings_employee ON offboardings(employee_id);

-- Built-in data (editable): the standard shift and China's common leave types. Quotas in hundredths
-- of a day; NULL = no yearly quota. Maternity 98 calendar days (女职工劳动保护特别规定第7条);
-- marriage, paternity and bereavement quotas vary by province: set them to the local rule.
INSERT INTO shifts(name, start_time, end_time, break_minutes, grace_minutes, is_default, created_at, updated_at)
VALUES ('Standard 09:00-18:00', '09:00', '18:00', 60, 5, 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
INSERT INTO leave_types(code, name_zh, name_en, paid, statutory_annual, quota_days_x100, calendar_days, created_at, updated_at) VALUES
  ('annual', '年休假', 'Annual leave', 1, 1, NULL, 0, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('sick', '病假', 'Sick leave', 1, 0, NULL, 0, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('personal', '事假', 'Personal leave (unpaid)', 0, 0, NULL, 0, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('marriage', '婚假', 'Marriage leave', 1, 0, 300, 0, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('maternity', '产假', 'Maternity leave', 1, 0, 9800, 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('paternity', '陪产假', 'Paternity leave', 1, 0, 1500, 0, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('bereavement', '丧假', 'Bereavement leave', 1, 0, 300, 0, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
