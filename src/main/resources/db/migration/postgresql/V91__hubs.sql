-- Several hubs on one database (DESIGN.md §6), the pair of SQLite's V91: each hub is a row with its heartbeat, a pane
-- belongs to the hub its channel registered with (or that made it), a registration says which hub pushes to it, and
-- a claimed message which hub claimed it, so a hub that starts returns only its own claims.
CREATE TABLE hubs (
    id           TEXT PRIMARY KEY,
    heartbeat_at TEXT NOT NULL
);
ALTER TABLE panes ADD COLUMN hub_id TEXT;
ALTER TABLE channels ADD COLUMN hub_id TEXT;
ALTER TABLE messages ADD COLUMN claimed_by TEXT;

-- A message queued for a pane (stored, or back in the queue after a failed or lost push) wakes the hub its channel
-- is registered with, wherever it was stored: LISTEN mosaic_queued, payload the pane id only (no text leaves the
-- table this way). PostgreSQL sends it at commit, and one per pane per transaction however many rows.
CREATE FUNCTION mosaic_notify_queued() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('mosaic_queued', NEW.to_id);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER messages_queued_insert AFTER INSERT ON messages
    FOR EACH ROW EXECUTE FUNCTION mosaic_notify_queued();
CREATE TRIGGER messages_queued_update AFTER UPDATE OF status ON messages
    FOR EACH ROW WHEN (NEW.status = 'queued' AND OLD.status <> 'queued') EXECUTE FUNCTION mosaic_notify_queued();
