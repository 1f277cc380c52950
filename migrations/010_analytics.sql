-- Analytics: read models kept up to date from the recruiting history (funnel), hires linked to
-- their interview evidence and later performance (quality of hire), voluntary self-identification
-- for the bias audit (stored apart, encrypted), and post-hire adjustment suggestions.

-- Progress of each read model: funnel_event_cursor (last application_events.id folded in),
-- hire_* stamps, data_version (bumped on every change; keys the in-process result cache).
CREATE TABLE analytics_state (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- One row per application: what it contributes to the funnel cube (a JSON array of the metrics in
-- src/analytics/funnel.cpp kMetrics), so a later event replaces the contribution by its difference.
CREATE TABLE analytics_app_facts (
  application_id BIGINT PRIMARY KEY,
  requisition_id BIGINT NOT NULL,
  source TEXT NOT NULL,
  period TEXT NOT NULL,
  status TEXT NOT NULL,
  applied_at TEXT NOT NULL,
  reached INTEGER NOT NULL,
  eliminated_stage INTEGER NOT NULL,
  contrib TEXT NOT NULL
);
CREATE INDEX analytics_app_facts_req ON analytics_app_facts(requisition_id, period);

-- The funnel, pre-aggregated per plan, source and month of application.
CREATE TABLE analytics_funnel_cube (
  requisition_id BIGINT NOT NULL,
  source TEXT NOT NULL,
  period TEXT NOT NULL,
  applications BIGINT NOT NULL DEFAULT 0,
  r_applied BIGINT NOT NULL DEFAULT 0, r_screened BIGINT NOT NULL DEFAULT 0,
  r_interview_invited BIGINT NOT NULL DEFAULT 0, r_interviewed BIGINT NOT NULL DEFAULT 0,
  r_second_round BIGINT NOT NULL DEFAULT 0, r_offer BIGINT NOT NULL DEFAULT 0, r_hired BIGINT NOT NULL DEFAULT 0,
  e_applied BIGINT NOT NULL DEFAULT 0, e_screened BIGINT NOT NULL DEFAULT 0,
  e_interview_invited BIGINT NOT NULL DEFAULT 0, e_interviewed BIGINT NOT NULL DEFAULT 0,
  e_second_round BIGINT NOT NULL DEFAULT 0, e_offer BIGINT NOT NULL DEFAULT 0, e_hired BIGINT NOT NULL DEFAULT 0,
  s_applied DOUBLE PRECISION NOT NULL DEFAULT 0, s_screened DOUBLE PRECISION NOT NULL DEFAULT 0,
  s_interview_invited DOUBLE PRECISION NOT NULL DEFAULT 0, s_interviewed DOUBLE PRECISION NOT NULL DEFAULT 0,
  s_second_round DOUBLE PRECISION NOT NULL DEFAULT 0, s_offer DOUBLE PRECISION NOT NULL DEFAULT 0,
  s_hired DOUBLE PRECISION NOT NULL DEFAULT 0,
  n_applied BIGINT NOT NULL DEFAULT 0, n_screened BIGINT NOT NULL DEFAULT 0,
  n_interview_invited BIGINT NOT NULL DEFAULT 0, n_interviewed BIGINT NOT NULL DEFAULT 0,
  n_second_round BIGINT NOT NULL DEFAULT 0, n_offer BIGINT NOT NULL DEFAULT 0, n_hired BIGINT NOT NULL DEFAULT 0,
  withdrawn BIGINT NOT NULL DEFAULT 0,
  hire_secs DOUBLE PRECISION NOT NULL DEFAULT 0,
  hires_timed BIGINT NOT NULL DEFAULT 0,
  offers_decided BIGINT NOT NULL DEFAULT 0,
  offers_accepted BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (requisition_id, source, period)
);

-- Hires with their interview evidence and performance at 3, 6 and 12 months (rating normalised
-- to 0..100 of its scale; met = meets_expectations of the review nearest each horizon).
CREATE TABLE analytics_hire_facts (
  employee_id BIGINT PRIMARY KEY,
  application_id BIGINT NOT NULL,
  department_id BIGINT,
  hire_date TEXT NOT NULL,
  interview_total DOUBLE PRECISION,
  screening_score DOUBLE PRECISION,
  competencies TEXT NOT NULL DEFAULT '{}',
  r3 DOUBLE PRECISION, m3 INTEGER,
  r6 DOUBLE PRECISION, m6 INTEGER,
  r12 DOUBLE PRECISION, m12 INTEGER
);
CREATE INDEX analytics_hire_facts_dept ON analytics_hire_facts(department_id);

-- Stamps that tell the hire read model what changed (cheap MAX() lookups).
CREATE INDEX analytics_employees_updated ON employees(updated_at);
CREATE INDEX analytics_employees_application ON employees(application_id);
CREATE INDEX analytics_perf_finalized ON performance_final_ratings(finalized_at);
CREATE INDEX analytics_interviews_updated ON interviews(updated_at);

-- Voluntary self-identification (NYC LL144 categories), kept apart from the candidate record and
-- never shown to reviewers or used in scoring: values encrypted with the field key; only admin/HR
-- read aggregates, for an audit purpose.
CREATE TABLE candidate_self_identification (
  id {{pk}},
  application_id BIGINT NOT NULL UNIQUE REFERENCES applications(id) ON DELETE CASCADE,
  sex_enc TEXT NOT NULL,
  race_enc TEXT NOT NULL,
  submitted_at TEXT NOT NULL
);

-- Single-use links for a candidate to submit self-identification (only the hash is stored).
CREATE TABLE self_identification_links (
  id {{pk}},
  token_hash TEXT NOT NULL UNIQUE,
  application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);
CREATE INDEX self_identification_links_app ON self_identification_links(application_id);

-- Post-hire adjustment suggestions pending HR approval.
CREATE TABLE adjustment_suggestions (
  id {{pk}},
  employee_id BIGINT NOT NULL REFERENCES employees(id),
  rule TEXT NOT NULL,
  kind TEXT NOT NULL,
  percent DOUBLE PRECISION NOT NULL,
  reasons TEXT NOT NULL,
  status TEXT NOT NULL,
  period_end TEXT NOT NULL,
  decided_by BIGINT,
  decided_at TEXT,
  decision_reason TEXT,
  compensation_id BIGINT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (employee_id, rule, period_end)
);
CREATE INDEX adjustment_suggestions_status ON adjustment_suggestions(status, id);
