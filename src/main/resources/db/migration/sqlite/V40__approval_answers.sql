-- The permission relay (DESIGN.md §10): an approval may carry Claude Code's relay request_id and be answered through
-- the hub (allow or deny, by whom, and whether the answer reached the pane's channel). SQLite cannot change a CHECK,
-- so the table is rebuilt; `relayed` becomes `request_id IS NOT NULL`. Every earlier row came from the hook.
CREATE TABLE approvals_v40 (
    id             TEXT PRIMARY KEY,
    pane_id        TEXT NOT NULL REFERENCES panes (id),
    pane_name      TEXT NOT NULL,
    tool_name      TEXT NOT NULL,
    input_preview  TEXT NOT NULL,
    description    TEXT,
    -- The relay's id of the prompt; NULL for an approval only the PermissionRequest hook told of.
    request_id     TEXT,
    -- Whether the PermissionRequest hook told of it (a relayed request waits for its hook to merge into it).
    hooked         INTEGER NOT NULL CHECK (hooked IN (0, 1)),
    status         TEXT NOT NULL CHECK (status IN ('pending', 'answered', 'answered_in_terminal')),
    created_at     TEXT NOT NULL,
    answered_at    TEXT,
    behavior       TEXT CHECK (behavior IN ('allow', 'deny')),
    answered_by_id TEXT,
    answered_by    TEXT,
    -- Where the answer stands on its way to the pane's channel.
    relay_state    TEXT CHECK (relay_state IN ('sending', 'delivered', 'failed')),
    CHECK ((status = 'pending') = (answered_at IS NULL)),
    CHECK ((status = 'answered') = (behavior IS NOT NULL)),
    CHECK ((status = 'answered') = (answered_by_id IS NOT NULL)),
    CHECK ((status = 'answered') = (relay_state IS NOT NULL)),
    CHECK (status <> 'answered' OR request_id IS NOT NULL)
);
INSERT INTO approvals_v40 (id, pane_id, pane_name, tool_name, input_preview, hooked, status, created_at, answered_at)
SELECT id, pane_id, pane_name, tool_name, input_preview, 1, status, created_at, answered_at FROM approvals;
DROP TABLE approvals;
ALTER TABLE approvals_v40 RENAME TO approvals;
CREATE INDEX approvals_pending ON approvals (pane_id) WHERE status = 'pending';
CREATE INDEX approvals_request ON approvals (pane_id, request_id) WHERE request_id IS NOT NULL;
CREATE INDEX approvals_sending ON approvals (relay_state) WHERE relay_state = 'sending';

-- The pane the operator named as this pane's lead: it may answer this pane's approvals (and list them).
ALTER TABLE panes ADD COLUMN lead_id TEXT REFERENCES panes (id);
