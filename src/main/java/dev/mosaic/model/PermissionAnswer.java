package dev.mosaic.model;

/**
 * An approval's answer as the hub pushes it to the pane's channel ({@code POST /v1/permission}, signed like a message
 * push): the channel writes {@code notifications/claude/channel/permission {request_id, behavior}} and proves it with
 * {@code approval_id}.
 */
public record PermissionAnswer(String approvalId, String requestId, ApprovalBehavior behavior) {
}
