-- Panes: one row per agent. The token is kept only as its SHA-256 hash.
CREATE TABLE panes (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('joined', 'spawned')),
    status      TEXT NOT NULL CHECK (status IN ('live', 'exited', 'stopped')),
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
);
-- Names are unique among live panes only: a stopped pane gives its name back.
CREATE UNIQUE INDEX panes_live_name ON panes (name_key) WHERE status = 'live';

-- Messages: one row per recipient. seq is the hub-wide order.
CREATE TABLE messages (
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
    delivered_via   TEXT CHECK (delivered_via IN ('push', 'poll')),
    delivered_at    TEXT,
    read_at         TEXT,
    redelivered     INTEGER NOT NULL DEFAULT 0 CHECK (redelivered IN (0, 1)),
    push_attempts   INTEGER NOT NULL DEFAULT 0,
    -- A pushed message was delivered by push; a queued or pushing one was not delivered yet.
    CHECK (status NOT IN ('queued', 'pushing') OR delivered_at IS NULL),
    CHECK (status <> 'pushed' OR delivered_via = 'push'),
    CHECK ((status = 'read') = (read_at IS NOT NULL))
);
CREATE INDEX messages_inbox ON messages (to_id, status, seq);
CREATE INDEX messages_thread ON messages (thread_id, seq);

-- A send with an idempotency key answers the same way for 24 hours.
CREATE TABLE idempotency (
    sender_id   TEXT NOT NULL,
    key         TEXT NOT NULL,
    response    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (sender_id, key)
);

-- Channel registrations: one per pane, the latest wins. Kept so pushes resume after a hub restart.
CREATE TABLE channels (
    pane_id        TEXT PRIMARY KEY REFERENCES panes (id),
    port           INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
    secret         TEXT NOT NULL,
    down           INTEGER NOT NULL DEFAULT 0 CHECK (down IN (0, 1)),
    registered_at  TEXT NOT NULL
);
