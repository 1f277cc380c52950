-- Full-text index over candidates (PostgreSQL tsvector, 'simple' configuration over the same
-- application-made tokens as the SQLite FTS5 twin).
CREATE INDEX candidates_fts ON candidates USING gin (to_tsvector('simple', search_text));
