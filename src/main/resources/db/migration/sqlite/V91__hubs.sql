-- Several hubs on one database (DESIGN.md §6). SQLite serves one hub, but the schema stays the same on both stores:
-- each hub is a row with its heartbeat, a pane belongs to the hub its channel registered with (or that made it), a
-- registration says which hub pushes to it, and a claimed message which hub claimed it, so a hub that starts
-- returns only its own claims. NULL: a row from before V91, the one hub's.
CREATE TABLE hubs (
    id           TEXT PRIMARY KEY,
    heartbeat_at TEXT NOT NULL
);
ALTER TABLE panes ADD COLUMN hub_id TEXT;
ALTER TABLE channels ADD COLUMN hub_id TEXT;
ALTER TABLE messages ADD COLUMN claimed_by TEXT;
