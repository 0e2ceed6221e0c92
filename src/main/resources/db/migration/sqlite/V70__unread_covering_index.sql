-- Unread counts (every pane listing and pane event) must read only unread rows. The index of V2 holds to_id alone,
-- so SQLite took the full inbox index instead (a scan of all history: 160 ms at 1 M messages, bench/scale.sh);
-- with the status in it the partial index covers the query, and only unread rows are read.
DROP INDEX messages_unread;
CREATE INDEX messages_unread ON messages (to_id, status) WHERE status <> 'read';
