-- Outcome notices to candidates, HR's resolution of human-review requests, and retention of
-- recordings, inactive candidates and careers-page uploads never attached to an application.

-- Every message sent to a candidate about the outcome of their AI interview (an automatic
-- decision, a person's confirmation, or the answer to a human-review request).
CREATE TABLE interview_notices (
  id {{pk}},
  interview_id BIGINT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  outcome TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL,
  status TEXT NOT NULL,
  channels TEXT NOT NULL DEFAULT '[]',
  created_at TEXT NOT NULL,
  sent_at TEXT
);
CREATE INDEX interview_notices_interview ON interview_notices(interview_id);

-- A candidate's request for a person to review the automated decision: open until HR resolves it.
ALTER TABLE interviews ADD COLUMN human_review_status TEXT;
ALTER TABLE interviews ADD COLUMN human_review_outcome TEXT;
ALTER TABLE interviews ADD COLUMN human_review_resolution TEXT;
ALTER TABLE interviews ADD COLUMN human_review_resolved_at TEXT;
ALTER TABLE interviews ADD COLUMN human_review_resolved_by TEXT;
UPDATE interviews SET human_review_status = 'open' WHERE human_review_requested_at IS NOT NULL;
CREATE INDEX interviews_human_review ON interviews(human_review_status);

-- Retention: candidates with no activity for this many days are erased by the daily sweep
-- (recordings follow interview_settings.retention_days).
ALTER TABLE interview_settings ADD COLUMN candidate_retention_days INTEGER NOT NULL DEFAULT 730;
ALTER TABLE interview_answers ADD COLUMN recording_deleted_at TEXT;
