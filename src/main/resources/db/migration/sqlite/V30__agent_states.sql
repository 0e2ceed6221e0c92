-- The agent state of a pane, from its Claude Code hooks (DESIGN.md §10), and the session that reported it: a
-- joined pane's agent outlives a hub restart, so its state must too. No row = unknown, nothing reported yet.
-- (V30 and up: lower numbers may be taken by other branches.)
CREATE TABLE agent_states (
    pane_id    TEXT PRIMARY KEY REFERENCES panes (id),
    session_id TEXT NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('working', 'idle', 'needs_approval', 'unknown')),
    updated_at TEXT NOT NULL
);
