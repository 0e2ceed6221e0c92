-- delivered_via adds 'socket' (DESIGN.md §10): a message the channel delivered through Claude Code's messaging
-- socket. SQLite cannot change a CHECK constraint in place, so the table is rebuilt as SQLite documents
-- (https://www.sqlite.org/lang_altertable.html#otheralter): same columns in the same order, same indexes, every row
-- and the AUTOINCREMENT counter kept. (A branch that adds a column to messages must add it here too.)
CREATE TABLE messages_new (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    id              TEXT NOT NULL UNIQUE,
    from_id         TEXT NOT NULL,
    from_name       TEXT NOT NULL,
    to_id           TEXT NOT NULL,
    to_name         TEXT NOT NULL,
    subject         TEXT,
    text            TEXT NOT NULL,
    thread_id       TEXT NOT NULL,
    in_reply_to     TEXT,
    created_at      TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('queued', 'pushing', 'pushed', 'read')),
    delivered_via   TEXT CHECK (delivered_via IN ('push', 'socket', 'poll')),
    delivered_at    TEXT,
    read_at         TEXT,
    redelivered     INTEGER NOT NULL DEFAULT 0 CHECK (redelivered IN (0, 1)),
    push_attempts   INTEGER NOT NULL DEFAULT 0,
    claimed_at      TEXT,
    seen_at         TEXT,
    -- A pushed message was delivered by push or through the socket; a queued or pushing one was not delivered yet.
    CHECK (status NOT IN ('queued', 'pushing') OR delivered_at IS NULL),
    CHECK (status <> 'pushed' OR delivered_via IN ('push', 'socket')),
    CHECK ((status = 'read') = (read_at IS NOT NULL))
);
INSERT INTO messages_new (seq, id, from_id, from_name, to_id, to_name, subject, text, thread_id, in_reply_to,
                          created_at, status, delivered_via, delivered_at, read_at, redelivered, push_attempts,
                          claimed_at, seen_at)
SELECT seq, id, from_id, from_name, to_id, to_name, subject, text, thread_id, in_reply_to,
       created_at, status, delivered_via, delivered_at, read_at, redelivered, push_attempts,
       claimed_at, seen_at
FROM messages;
-- Never hand out a seq again, even one whose message is gone.
DELETE FROM sqlite_sequence WHERE name = 'messages_new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'messages_new', seq FROM sqlite_sequence WHERE name = 'messages';
DROP TABLE messages;
ALTER TABLE messages_new RENAME TO messages;
CREATE INDEX messages_inbox ON messages (to_id, status, seq);
CREATE INDEX messages_thread ON messages (thread_id, seq);
CREATE INDEX messages_pushing ON messages (claimed_at) WHERE status = 'pushing';
CREATE INDEX messages_unread ON messages (to_id) WHERE status <> 'read';
CREATE INDEX messages_unseen ON messages (to_id, delivered_at) WHERE status = 'pushed' AND seen_at IS NULL;
