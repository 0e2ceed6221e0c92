-- Tool approvals Claude Code asked for (DESIGN.md §10), kept after they are answered as an audit trail.
-- relayed = 0: recorded from the PermissionRequest hook, answerable only in the agent's terminal.
CREATE TABLE approvals (
    id            TEXT PRIMARY KEY,
    pane_id       TEXT NOT NULL REFERENCES panes (id),
    pane_name     TEXT NOT NULL,
    tool_name     TEXT NOT NULL,
    input_preview TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('pending', 'answered_in_terminal')),
    relayed       INTEGER NOT NULL CHECK (relayed IN (0, 1)),
    created_at    TEXT NOT NULL,
    answered_at   TEXT
);
CREATE INDEX approvals_pending ON approvals (pane_id) WHERE status = 'pending';
