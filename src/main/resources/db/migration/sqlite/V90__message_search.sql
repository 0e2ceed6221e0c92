-- Full-text search over messages (DESIGN.md §6): an FTS5 index of subject and text, kept by triggers, with
-- messages as its content (nothing stored twice) and seq as its rowid. unicode61 without stemming and keeping
-- diacritics: a word matches itself only (any case), as PostgreSQL's 'simple' configuration does with punctuation
-- taken as spaces (its V90), so both stores find the same messages.
-- (V90 to V99 belong to this work. A migration that rebuilds messages, as V61 did, drops these triggers with it
-- and must create them again.)
CREATE VIRTUAL TABLE messages_fts USING fts5(subject, text, content = 'messages', content_rowid = 'seq',
                                             tokenize = 'unicode61 remove_diacritics 0');
INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, subject, text) VALUES (new.seq, new.subject, new.text);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, subject, text) VALUES ('delete', old.seq, old.subject, old.text);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF subject, text ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, subject, text) VALUES ('delete', old.seq, old.subject, old.text);
    INSERT INTO messages_fts (rowid, subject, text) VALUES (new.seq, new.subject, new.text);
END;
