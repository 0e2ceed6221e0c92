-- The full-text index (V90) is kept in batches instead of by a trigger on every insert: indexing one message in its
-- own transaction wrote a new FTS5 segment each time, about 0.1 ms of a 0.4 ms insert-and-commit (BENCHMARKS.md),
-- where a batch of thousands costs a few microseconds a message. SqliteDatabase.indexText adds every message above
-- the mark below and moves the mark, in one transaction, so the index and its mark never disagree; a search first
-- brings the index up to date, so it still finds every message stored before it.
DROP TRIGGER messages_fts_insert;
DROP TRIGGER messages_fts_delete;
DROP TRIGGER messages_fts_update;
CREATE TABLE messages_fts_indexed (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    seq INTEGER NOT NULL -- every message up to this seq is in messages_fts, none above it
);
INSERT INTO messages_fts_indexed (one, seq) VALUES (1, COALESCE((SELECT MAX(seq) FROM messages), 0));
-- Nothing in Mosaic deletes a message or edits its text; these keep the index right if a person does, by hand. FTS5
-- must be told the very text it indexed, so only a message already in the index is taken out of it.
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
WHEN old.seq <= (SELECT seq FROM messages_fts_indexed) BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, subject, text) VALUES ('delete', old.seq, old.subject, old.text);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF subject, text ON messages
WHEN old.seq <= (SELECT seq FROM messages_fts_indexed) BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, subject, text) VALUES ('delete', old.seq, old.subject, old.text);
    INSERT INTO messages_fts (rowid, subject, text) VALUES (new.seq, new.subject, new.text);
END;
