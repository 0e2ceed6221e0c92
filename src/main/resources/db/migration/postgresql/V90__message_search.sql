-- Full-text search over messages (DESIGN.md §6), the pair of SQLite's V90 (FTS5): a GIN index on the words of subject
-- and text. The 'simple' configuration does not stem, as SQLite's unicode61 does not; punctuation becomes a space
-- first, so an address, a path or a URL is words as SQLite sees them (PostgreSQL's parser would keep
-- "bob@example.com" one token). The store's search repeats this expression exactly, so PostgreSQL uses the index.
CREATE INDEX messages_search ON messages USING GIN (to_tsvector('simple',
    regexp_replace(coalesce(subject, '') || ' ' || text, '[[:punct:][:space:]]+', ' ', 'g')));
