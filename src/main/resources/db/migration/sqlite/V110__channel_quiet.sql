-- Several hubs on one database (DESIGN.md §6): a channel's lease (its presence stream, DESIGN §4) is held by the hub
-- it registered with, and only that hub can tell when the channel went quiet. It writes that here when the lease
-- lapses (and clears it when the channel is heard again), one write per change, so every other hub shows the pane
-- `poll` too instead of `push` from the registration alone.
ALTER TABLE channels ADD COLUMN quiet INTEGER NOT NULL DEFAULT 0 CHECK (quiet IN (0, 1));
