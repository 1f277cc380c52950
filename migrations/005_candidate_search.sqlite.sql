-- Full-text index over candidates (SQLite FTS5). The application writes search_text as tokens
-- (lower-case Latin words, CJK characters and CJK bigrams) so both backends match the same way.
CREATE VIRTUAL TABLE candidate_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');
