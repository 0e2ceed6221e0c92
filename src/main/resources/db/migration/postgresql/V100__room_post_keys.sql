-- A room post with an idempotency key answers the same way for 24 hours, as a send's does (DESIGN.md §2), in a key
-- space of its own: a send and a room post never answer for each other. The answer kept is the first post's, whole.
CREATE TABLE room_post_keys (
    sender_id   TEXT NOT NULL,
    key         TEXT NOT NULL,
    room_id     TEXT NOT NULL REFERENCES rooms (id),
    response    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (sender_id, key)
);
CREATE INDEX room_post_keys_created ON room_post_keys (created_at);
