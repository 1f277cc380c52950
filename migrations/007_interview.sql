-- AI interview: questions per plan (from starter banks or written by HR), interviews reached by a
-- single-candidate link, answers (video uploaded in resumable chunks, or text) with their media
-- analysis and rubric score, reviewer ratings, and the company's interview compliance settings.

CREATE TABLE interview_settings (
  id INTEGER PRIMARY KEY,
  notice_version TEXT NOT NULL,
  notice_text TEXT NOT NULL,
  alternative_process TEXT NOT NULL,
  retention_days INTEGER NOT NULL,
  humans_decide INTEGER NOT NULL,
  link_valid_days INTEGER NOT NULL,
  advance_threshold DOUBLE PRECISION NOT NULL,
  reject_threshold DOUBLE PRECISION NOT NULL,
  auto_advance INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL
);

CREATE TABLE interview_questions (
  id {{pk}},
  requisition_id BIGINT NOT NULL REFERENCES requisitions(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  kind TEXT NOT NULL,
  text TEXT NOT NULL,
  language TEXT NOT NULL,
  think_seconds INTEGER NOT NULL,
  answer_seconds INTEGER NOT NULL,
  rerecords INTEGER NOT NULL,
  competency TEXT NOT NULL DEFAULT '',
  model_answer TEXT NOT NULL DEFAULT '',
  key_points TEXT NOT NULL DEFAULT '[]',
  weight DOUBLE PRECISION NOT NULL DEFAULT 1,
  interview_id BIGINT,
  trigger_text TEXT,
  trigger_source TEXT,
  probe_kind TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- Plan questions have no interview_id; resume-based probes (kind 'probe') belong to one interview
-- (deleted with it by the code that deletes interviews).
CREATE INDEX interview_questions_req ON interview_questions(requisition_id, position);
CREATE INDEX interview_questions_interview ON interview_questions(interview_id);

CREATE TABLE interviews (
  id {{pk}},
  application_id BIGINT NOT NULL UNIQUE REFERENCES applications(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL,
  language TEXT NOT NULL,
  deadline TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  invited_at TEXT NOT NULL,
  invited_by BIGINT,
  email_status TEXT NOT NULL DEFAULT 'pending',
  opened_at TEXT,
  consent_at TEXT,
  consent_version TEXT,
  declined_at TEXT,
  completed_at TEXT,
  scored_at TEXT,
  total_score DOUBLE PRECISION,
  recommendation TEXT,
  result TEXT,
  human_review_requested_at TEXT,
  human_review_reason TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL
);
CREATE INDEX interviews_status ON interviews(status);

CREATE TABLE interview_answers (
  id {{pk}},
  interview_id BIGINT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
  question_id BIGINT NOT NULL REFERENCES interview_questions(id) ON DELETE CASCADE,
  attempt INTEGER NOT NULL,
  mode TEXT NOT NULL,
  status TEXT NOT NULL,
  is_final INTEGER NOT NULL DEFAULT 0,
  received_bytes BIGINT NOT NULL DEFAULT 0,
  content_type TEXT,
  file_key TEXT,
  text_answer TEXT,
  transcript TEXT,
  analysis TEXT,
  score DOUBLE PRECISION,
  scoring TEXT,
  error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (interview_id, question_id, attempt)
);
CREATE INDEX interview_answers_interview ON interview_answers(interview_id, question_id);

CREATE TABLE interview_ratings (
  id {{pk}},
  answer_id BIGINT NOT NULL REFERENCES interview_answers(id) ON DELETE CASCADE,
  reviewer_user_id BIGINT NOT NULL,
  reviewer TEXT NOT NULL,
  rating DOUBLE PRECISION NOT NULL,
  override_score DOUBLE PRECISION,
  reason TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX interview_ratings_answer ON interview_ratings(answer_id);
