-- The second path (DESIGN.md §10): the channel can deliver through Claude Code's messaging socket.
-- (V60 to V69 belong to this work: lower numbers may be taken by other branches.)
-- socket = 1: the registration offered the socket, and no delivery through it has gone unseen yet. While not_seen = 1
-- and socket = 1 the pane's messages go through the socket, all of them, in order; an unseen socket delivery sets
-- socket = 0 (back to one probe push at a time). A new registration starts clean, as for not_seen.
ALTER TABLE channels ADD COLUMN socket INTEGER NOT NULL DEFAULT 0 CHECK (socket IN (0, 1));
