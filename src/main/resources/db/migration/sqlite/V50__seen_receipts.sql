-- Seen receipts (DESIGN.md §10): when the agent's session took a pushed message in, from its UserPromptSubmit hook.
-- (V50 to V59 belong to this work: lower numbers may be taken by other branches.)
ALTER TABLE messages ADD COLUMN seen_at TEXT;
-- The not-seen sweep reads pushed messages nobody has seen yet, by pane.
CREATE INDEX messages_unseen ON messages (to_id, delivered_at) WHERE status = 'pushed' AND seen_at IS NULL;
-- A registration whose push was not seen while the agent idled: down (delivery poll) until a later push is seen.
-- down = 1 whenever not_seen = 1; a push that merely succeeds does not lift it, a seen receipt does.
ALTER TABLE channels ADD COLUMN not_seen INTEGER NOT NULL DEFAULT 0 CHECK (not_seen IN (0, 1));
