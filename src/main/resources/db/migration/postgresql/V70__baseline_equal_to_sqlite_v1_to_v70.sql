-- PostgreSQL baseline: the schema SQLite reaches through its migrations V1 to V70, in one step (PostgreSQL support
-- came after V70). Same tables, columns, checks and indexes, so the one JdbcStore runs on both; from here on every
-- version pairs with SQLite's by number (V80 here is V80 there). Times stay ISO-8601 text and flags 0/1 integers,
-- as in SQLite: the store reads and compares them the same way on both databases.

-- Panes: one row per agent. The token is kept only as its SHA-256 hash.
CREATE TABLE panes (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('joined', 'spawned')),
    status      TEXT NOT NULL CHECK (status IN ('live', 'exited', 'stopped')),
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    pid         BIGINT,
    cwd         TEXT,
    cols        INTEGER CHECK (cols IS NULL OR cols BETWEEN 10 AND 1000),
    rows        INTEGER CHECK (rows IS NULL OR rows BETWEEN 5 AND 500),
    exit_code   INTEGER,
    lead_id     TEXT REFERENCES panes (id)
);
-- Names are unique among live panes only (a stopped pane gives its name back); across every hub of the database.
CREATE UNIQUE INDEX panes_live_name ON panes (name_key) WHERE status = 'live';

-- Messages: one row per recipient. seq is the order of the whole database (every hub shares it).
CREATE TABLE messages (
    seq             BIGSERIAL PRIMARY KEY,
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
    CHECK (status NOT IN ('queued', 'pushing') OR delivered_at IS NULL),
    CHECK (status <> 'pushed' OR delivered_via IN ('push', 'socket')),
    CHECK ((status = 'read') = (read_at IS NOT NULL))
);
CREATE INDEX messages_inbox ON messages (to_id, status, seq);
CREATE INDEX messages_thread ON messages (thread_id, seq);
CREATE INDEX messages_pushing ON messages (claimed_at) WHERE status = 'pushing';
CREATE INDEX messages_unread ON messages (to_id, status) WHERE status <> 'read';
CREATE INDEX messages_unseen ON messages (to_id, delivered_at) WHERE status = 'pushed' AND seen_at IS NULL;

-- A send with an idempotency key answers the same way for 24 hours.
CREATE TABLE idempotency (
    sender_id   TEXT NOT NULL,
    key         TEXT NOT NULL,
    response    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (sender_id, key)
);
CREATE INDEX idempotency_created ON idempotency (created_at);

-- Channel registrations: one per pane, the latest wins. Kept so pushes resume after a hub restart.
CREATE TABLE channels (
    pane_id        TEXT PRIMARY KEY REFERENCES panes (id),
    port           INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
    secret         TEXT NOT NULL,
    down           INTEGER NOT NULL DEFAULT 0 CHECK (down IN (0, 1)),
    registered_at  TEXT NOT NULL,
    not_seen       INTEGER NOT NULL DEFAULT 0 CHECK (not_seen IN (0, 1)),
    socket         INTEGER NOT NULL DEFAULT 0 CHECK (socket IN (0, 1))
);

-- The agent state of a pane, from its Claude Code hooks (DESIGN.md §10).
CREATE TABLE agent_states (
    pane_id    TEXT PRIMARY KEY REFERENCES panes (id),
    session_id TEXT NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('working', 'idle', 'needs_approval', 'unknown')),
    updated_at TEXT NOT NULL
);

-- Tool approvals Claude Code asked for (DESIGN.md §10), kept after they are answered as an audit trail.
CREATE TABLE approvals (
    id             TEXT PRIMARY KEY,
    pane_id        TEXT NOT NULL REFERENCES panes (id),
    pane_name      TEXT NOT NULL,
    tool_name      TEXT NOT NULL,
    input_preview  TEXT NOT NULL,
    description    TEXT,
    request_id     TEXT,
    hooked         INTEGER NOT NULL CHECK (hooked IN (0, 1)),
    status         TEXT NOT NULL CHECK (status IN ('pending', 'answered', 'answered_in_terminal')),
    created_at     TEXT NOT NULL,
    answered_at    TEXT,
    behavior       TEXT CHECK (behavior IN ('allow', 'deny')),
    answered_by_id TEXT,
    answered_by    TEXT,
    relay_state    TEXT CHECK (relay_state IN ('sending', 'delivered', 'failed')),
    CHECK ((status = 'pending') = (answered_at IS NULL)),
    CHECK ((status = 'answered') = (behavior IS NOT NULL)),
    CHECK ((status = 'answered') = (answered_by_id IS NOT NULL)),
    CHECK ((status = 'answered') = (relay_state IS NOT NULL)),
    CHECK (status <> 'answered' OR request_id IS NOT NULL)
);
CREATE INDEX approvals_pending ON approvals (pane_id) WHERE status = 'pending';
CREATE INDEX approvals_request ON approvals (pane_id, request_id) WHERE request_id IS NOT NULL;
CREATE INDEX approvals_sending ON approvals (relay_state) WHERE relay_state = 'sending';
