package dev.mosaic.store;

import dev.mosaic.model.ApprovalBehavior;

/** An answer through the hub: who gave it (id and name) and when. */
public record ApprovalAnswered(String approvalId, ApprovalBehavior behavior, String byId, String byName, String at) {
}
