-- Foundation schema: organisation, accounts, audit, outbox, jobs, notifications.
-- Portable SQL for SQLite and PostgreSQL; {{pk}} is an auto-increment primary key.
-- Instants are TEXT in fixed-width RFC 3339 UTC; dates TEXT YYYY-MM-DD; money INTEGER fen.

CREATE TABLE company_settings (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  currency TEXT NOT NULL,
  city TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE departments (
  id {{pk}},
  name TEXT NOT NULL,
  code TEXT NOT NULL UNIQUE,
  parent_id BIGINT REFERENCES departments(id),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX departments_parent ON departments(parent_id);

CREATE TABLE positions (
  id {{pk}},
  title TEXT NOT NULL,
  code TEXT NOT NULL UNIQUE,
  department_id BIGINT REFERENCES departments(id),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE grades (
  id {{pk}},
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  level INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE employees (
  id {{pk}},
  employee_no TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  email TEXT,
  phone TEXT,
  department_id BIGINT REFERENCES departments(id),
  position_id BIGINT REFERENCES positions(id),
  grade_id BIGINT REFERENCES grades(id),
  manager_id BIGINT REFERENCES employees(id),
  hire_date TEXT NOT NULL,
  status TEXT NOT NULL,
  id_number_enc TEXT,
  bank_account_enc TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX employees_department ON employees(department_id, id);
CREATE INDEX employees_name ON employees(name);
CREATE INDEX employees_email ON employees(email);

CREATE TABLE users (
  id {{pk}},
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  department_id BIGINT REFERENCES departments(id),
  employee_id BIGINT REFERENCES employees(id),
  disabled INTEGER NOT NULL DEFAULT 0,
  locale TEXT NOT NULL DEFAULT 'zh-CN',
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE sessions (
  id {{pk}},
  token_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id {{pk}},
  user_id BIGINT NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT
);

CREATE TABLE login_attempts (
  id {{pk}},
  username TEXT NOT NULL,
  ip TEXT NOT NULL,
  success INTEGER NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX login_attempts_user ON login_attempts(username, at);

-- Append-only: rows are never updated or deleted; hash = SHA-256(prev_hash || canonical row).
CREATE TABLE audit_log (
  id {{pk}},
  at TEXT NOT NULL,
  actor_user_id BIGINT,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT,
  request_id TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);

-- Transactional outbox: a domain writes its change and an event here in one transaction.
CREATE TABLE outbox (
  id {{pk}},
  topic TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE outbox_cursors (
  consumer TEXT PRIMARY KEY,
  last_id BIGINT NOT NULL
);

-- Durable job queue: queued -> running -> done | failed (retry with backoff) -> dead.
CREATE TABLE jobs (
  id {{pk}},
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL DEFAULT 5,
  run_at TEXT NOT NULL,
  locked_by TEXT,
  locked_until TEXT,
  last_error TEXT,
  dedupe_key TEXT UNIQUE,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX jobs_ready ON jobs(status, run_at);

CREATE TABLE notifications (
  id {{pk}},
  user_id BIGINT NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  link TEXT,
  source_event_id BIGINT,
  read_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX notifications_user ON notifications(user_id, id);
CREATE UNIQUE INDEX notifications_once ON notifications(user_id, source_event_id);
