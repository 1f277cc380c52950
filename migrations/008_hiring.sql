-- Hiring: decisions with their approval chain, offers (templates, versions, candidate links),
-- background checks with evidence, onboarding checklists with the new hire's form and the labour
-- contract, labour-law alerts, and the link from an employee back to the application.

-- Company hiring policy (one row, id 1; defaults in code until an admin saves it). Steps are JSON
-- arrays of {"role": "hr"|"admin"}; the onboarding template is a JSON array of tasks.
CREATE TABLE hiring_settings (
  id INTEGER PRIMARY KEY,
  policy TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL
);

CREATE TABLE hiring_decisions (
  id {{pk}},
  application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  decision TEXT NOT NULL,
  reason TEXT NOT NULL,
  status TEXT NOT NULL,
  decided_by BIGINT REFERENCES users(id),
  decided_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL
);
CREATE INDEX hiring_decisions_app ON hiring_decisions(application_id, id);

-- One step of an approval chain: of a decision, or of one offer version.
CREATE TABLE hiring_approvals (
  id {{pk}},
  subject_type TEXT NOT NULL,
  subject_id BIGINT NOT NULL,
  step_no INTEGER NOT NULL,
  role TEXT NOT NULL,
  why TEXT NOT NULL,
  status TEXT NOT NULL,
  decided_by BIGINT REFERENCES users(id),
  decided_at TEXT,
  comment TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE INDEX hiring_approvals_subject ON hiring_approvals(subject_type, subject_id, step_no);
CREATE INDEX hiring_approvals_status ON hiring_approvals(status);

CREATE TABLE offer_templates (
  id {{pk}},
  name TEXT NOT NULL,
  language TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE offers (
  id {{pk}},
  application_id BIGINT NOT NULL UNIQUE REFERENCES applications(id) ON DELETE CASCADE,
  status TEXT NOT NULL,
  current_version INTEGER NOT NULL,
  token_hash TEXT,
  sent_at TEXT,
  responded_at TEXT,
  response_reason TEXT,
  counter_salary BIGINT,
  email_status TEXT,
  created_by BIGINT REFERENCES users(id),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX offers_token ON offers(token_hash);

-- Every version of an offer's terms (revisions and counter-offers); the text is rendered once.
CREATE TABLE offer_versions (
  id {{pk}},
  offer_id BIGINT NOT NULL REFERENCES offers(id) ON DELETE CASCADE,
  version_no INTEGER NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  template_id BIGINT REFERENCES offer_templates(id),
  language TEXT NOT NULL,
  terms TEXT NOT NULL,
  monthly_salary BIGINT NOT NULL,
  band_status TEXT NOT NULL,
  expires_on TEXT NOT NULL,
  subject TEXT NOT NULL,
  body_text TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_by BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL,
  UNIQUE (offer_id, version_no)
);

CREATE TABLE background_checks (
  id {{pk}},
  offer_id BIGINT NOT NULL UNIQUE REFERENCES offers(id) ON DELETE CASCADE,
  application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  status TEXT NOT NULL,
  consent_at TEXT,
  provider TEXT NOT NULL DEFAULT 'manual',
  decision TEXT,
  decision_reason TEXT,
  decided_by BIGINT REFERENCES users(id),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE background_check_items (
  id {{pk}},
  check_id BIGINT NOT NULL REFERENCES background_checks(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  result_note TEXT NOT NULL DEFAULT '',
  evidence TEXT NOT NULL DEFAULT '[]',
  provider_ref TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL
);
CREATE INDEX background_check_items_check ON background_check_items(check_id);

CREATE TABLE onboardings (
  id {{pk}},
  offer_id BIGINT NOT NULL UNIQUE REFERENCES offers(id) ON DELETE CASCADE,
  application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  status TEXT NOT NULL,
  start_date TEXT NOT NULL,
  token_hash TEXT,
  form TEXT,
  id_number_enc TEXT,
  bank_account_enc TEXT,
  form_submitted_at TEXT,
  employee_id BIGINT REFERENCES employees(id),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX onboardings_token ON onboardings(token_hash);

CREATE TABLE onboarding_tasks (
  id {{pk}},
  onboarding_id BIGINT NOT NULL REFERENCES onboardings(id) ON DELETE CASCADE,
  code TEXT NOT NULL,
  title TEXT NOT NULL,
  category TEXT NOT NULL,
  owner_role TEXT NOT NULL,
  owner_user_id BIGINT REFERENCES users(id),
  due_date TEXT NOT NULL,
  required INTEGER NOT NULL,
  status TEXT NOT NULL,
  done_by BIGINT REFERENCES users(id),
  done_at TEXT,
  note TEXT NOT NULL DEFAULT '',
  reminded_on TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL
);
CREATE INDEX onboarding_tasks_onb ON onboarding_tasks(onboarding_id);
CREATE INDEX onboarding_tasks_due ON onboarding_tasks(status, due_date);

-- Labour contracts (劳动合同): generated text, terms, and the signature record.
CREATE TABLE labour_contracts (
  id {{pk}},
  onboarding_id BIGINT REFERENCES onboardings(id) ON DELETE CASCADE,
  employee_id BIGINT REFERENCES employees(id),
  contract_type TEXT NOT NULL,
  term_months INTEGER,
  start_date TEXT NOT NULL,
  end_date TEXT,
  probation_months INTEGER NOT NULL,
  probation_end TEXT,
  monthly_salary BIGINT NOT NULL,
  probation_salary BIGINT NOT NULL,
  city TEXT NOT NULL,
  fixed_term_sequence INTEGER NOT NULL DEFAULT 1,
  body_text TEXT NOT NULL,
  status TEXT NOT NULL,
  signed_at TEXT,
  signature TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX labour_contracts_employee ON labour_contracts(employee_id);

CREATE TABLE hiring_alerts (
  id {{pk}},
  dedupe_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  severity TEXT NOT NULL,
  subject_type TEXT NOT NULL,
  subject_id BIGINT NOT NULL,
  message TEXT NOT NULL,
  exposure BIGINT,
  due_on TEXT,
  status TEXT NOT NULL,
  raised_on TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX hiring_alerts_status ON hiring_alerts(status, kind);

ALTER TABLE employees ADD COLUMN application_id BIGINT;
ALTER TABLE employees ADD COLUMN probation_end TEXT;
