-- Full-text search over messages (DESIGN.md §6), the pair of SQLite's V90 (FTS5): a GIN index on the words of subject
-- and text. The 'simple' configuration does not stem, as SQLite's unicode61 does not, so both stores find the same
-- messages. The store's search repeats this expression exactly, so PostgreSQL uses the index.
CREATE INDEX messages_search ON messages
    USING GIN (to_tsvector('simple', coalesce(subject, '') || ' ' || text));
