-- Unread counts (GET /api/v1/panes, every pane event) read only unread rows, not the whole history.
CREATE INDEX messages_unread ON messages (to_id) WHERE status <> 'read';
