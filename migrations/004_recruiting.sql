-- Recruiting: plans (requisitions), candidates, applications with their status history, notes,
-- uploaded resumes waiting for an application, candidate consents. Portable SQL.

CREATE TABLE requisitions (
  id {{pk}},
  title TEXT NOT NULL,
  department_id BIGINT NOT NULL REFERENCES departments(id),
  position_id BIGINT REFERENCES positions(id),
  headcount INTEGER NOT NULL,
  hired_count INTEGER NOT NULL DEFAULT 0,
  location TEXT NOT NULL DEFAULT '',
  employment_type TEXT NOT NULL,
  salary_min BIGINT,
  salary_max BIGINT,
  deadline TEXT,
  hiring_manager_id BIGINT REFERENCES users(id),
  description TEXT NOT NULL DEFAULT '',
  requirements TEXT NOT NULL DEFAULT '{}',
  status TEXT NOT NULL,
  approved_by BIGINT REFERENCES users(id),
  approved_at TEXT,
  created_by BIGINT REFERENCES users(id),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX requisitions_dept ON requisitions(department_id);
CREATE INDEX requisitions_status ON requisitions(status);

CREATE TABLE candidates (
  id {{pk}},
  name TEXT NOT NULL,
  email TEXT,
  phone TEXT,
  email_key TEXT,
  phone_key TEXT,
  source TEXT NOT NULL,
  tags TEXT NOT NULL DEFAULT '[]',
  resume_json TEXT,
  resume_text TEXT,
  resume_file TEXT,
  resume_filename TEXT,
  resume_error TEXT,
  search_text TEXT NOT NULL DEFAULT '',
  consent_at TEXT,
  consent_version TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX candidates_email ON candidates(email_key);
CREATE INDEX candidates_phone ON candidates(phone_key);

CREATE TABLE applications (
  id {{pk}},
  requisition_id BIGINT NOT NULL REFERENCES requisitions(id),
  candidate_id BIGINT NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
  status TEXT NOT NULL,
  held_from TEXT,
  source TEXT NOT NULL,
  score DOUBLE PRECISION,
  recommendation TEXT,
  screening TEXT,
  screened_at TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (requisition_id, candidate_id)
);
CREATE INDEX applications_req ON applications(requisition_id, status);
CREATE INDEX applications_cand ON applications(candidate_id);

CREATE TABLE application_events (
  id {{pk}},
  application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  actor_user_id BIGINT,
  actor TEXT NOT NULL,
  kind TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT,
  reason TEXT NOT NULL DEFAULT '',
  rule TEXT
);
CREATE INDEX application_events_app ON application_events(application_id, id);

CREATE TABLE candidate_notes (
  id {{pk}},
  candidate_id BIGINT NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
  author_user_id BIGINT,
  author TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX candidate_notes_cand ON candidate_notes(candidate_id);

-- A resume uploaded on the careers page before the apply form is sent; consumed by the application.
CREATE TABLE resume_uploads (
  id {{pk}},
  token_hash TEXT NOT NULL UNIQUE,
  requisition_id BIGINT NOT NULL REFERENCES requisitions(id),
  file_key TEXT NOT NULL,
  filename TEXT NOT NULL,
  resume_json TEXT,
  resume_text TEXT,
  resume_error TEXT,
  created_at TEXT NOT NULL,
  used_at TEXT
);

-- What remains of a candidate deleted on request: who, when, why; no personal data.
CREATE TABLE candidate_erasures (
  id {{pk}},
  candidate_id BIGINT NOT NULL,
  erased_at TEXT NOT NULL,
  erased_by BIGINT,
  reason TEXT NOT NULL,
  files_removed INTEGER NOT NULL,
  applications_removed INTEGER NOT NULL
);

CREATE TABLE requisition_interviewers (
  requisition_id BIGINT NOT NULL REFERENCES requisitions(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id),
  PRIMARY KEY (requisition_id, user_id)
);
CREATE INDEX requisition_interviewers_user ON requisition_interviewers(user_id);
