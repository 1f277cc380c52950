-- Server-composed texts shown in the staff UI carry their parameters, so the web renders them in the
-- reader's language (web/src/locales/i18n: notice.<kind>, alert.<kind>). params is a JSON object as
-- text (NULL on rows written before this migration: the UI shows the stored text). The stored
-- title/body/message stay: they are the e-mail and API fallback.
ALTER TABLE notifications ADD COLUMN params TEXT;
ALTER TABLE hiring_alerts ADD COLUMN params TEXT;
