package dev.mosaic.model;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * A tool approval Claude Code asked for in a pane, as {@code GET /api/v1/approvals} shows it: what was asked (flat:
 * {@code tool_name}, {@code input_preview}, {@code relayed}, …), where it stands, and how it was answered. One that
 * is not {@code relayed} came from the {@code PermissionRequest} hook alone: it can only be answered in the
 * agent's terminal.
 */
public record Approval(String id, String paneId, String paneName, @JsonUnwrapped ToolRequest request,
                       ApprovalStatus status, String createdAt, @JsonUnwrapped ApprovalAnswer answer) {

    public boolean relayed() {
        return request.relayed();
    }
}
