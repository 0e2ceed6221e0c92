package dev.mosaic.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Optional;

/**
 * A tool approval Claude Code asked for in a pane, as {@code GET /api/v1/approvals} shows it. {@code relayed} is false
 * for one recorded from the {@code PermissionRequest} hook: it can only be answered in the agent's terminal.
 */
public record Approval(String id, String paneId, String paneName, String toolName, String inputPreview,
                       ApprovalStatus status, boolean relayed, String createdAt,
                       @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> answeredAt) {
}
