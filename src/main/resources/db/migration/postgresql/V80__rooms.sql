-- Rooms (DESIGN.md §11): a conversation among panes whose turns the hub enforces. Its posts and the hub's notices
-- are ordinary messages (one row per recipient, in the room's thread), so delivery treats them as any other; the
-- transcript keeps each post once, in turn order.
CREATE TABLE rooms (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    name_key        TEXT NOT NULL,
    policy          TEXT NOT NULL CHECK (policy IN ('open', 'round_robin', 'moderated')),
    -- A pane's id, or 'operator'.
    moderator_id    TEXT NOT NULL,
    moderator_name  TEXT NOT NULL,
    max_turns       INTEGER NOT NULL CHECK (max_turns BETWEEN 1 AND 1000),
    turns_used      INTEGER NOT NULL CHECK (turns_used >= 0 AND turns_used <= max_turns),
    -- Whose turn it is: the member with the floor (moderated) or the next member (round_robin); NULL otherwise.
    turn_id         TEXT,
    turn_name       TEXT,
    status          TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    -- The thread of the room's messages: the id of the first notice that told its members of it.
    thread_id       TEXT NOT NULL,
    -- Grows with every change; a change is written only over the version it was decided on.
    version         INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    closed_at       TEXT,
    CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
    CHECK (status = 'open' OR turn_id IS NULL),
    CHECK ((turn_id IS NULL) = (turn_name IS NULL))
);
-- A name is unique among open rooms only: a closed room gives its name back.
CREATE UNIQUE INDEX rooms_open_name ON rooms (name_key) WHERE status = 'open';
CREATE INDEX rooms_name ON rooms (name_key, created_at);

-- Members in the order they were listed (round_robin's order). The moderator is not a member.
CREATE TABLE room_members (
    room_id    TEXT NOT NULL REFERENCES rooms (id),
    position   INTEGER NOT NULL,
    pane_id    TEXT NOT NULL REFERENCES panes (id),
    pane_name  TEXT NOT NULL,
    PRIMARY KEY (room_id, position),
    UNIQUE (room_id, pane_id)
);

-- The transcript: every post once, by the turn it used (a turn is used once: the key refuses a second).
CREATE TABLE room_posts (
    room_id     TEXT NOT NULL REFERENCES rooms (id),
    turn        INTEGER NOT NULL CHECK (turn >= 1),
    id          TEXT NOT NULL UNIQUE,
    from_id     TEXT NOT NULL,
    from_name   TEXT NOT NULL,
    text        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (room_id, turn)
);

-- The room a message belongs to (a post or a notice), for the channel's meta; NULL for every other message.
ALTER TABLE messages ADD COLUMN room_id TEXT;
ALTER TABLE messages ADD COLUMN room_name TEXT;
