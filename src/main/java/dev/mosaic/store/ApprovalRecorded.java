package dev.mosaic.store;

import dev.mosaic.model.Approval;

/** What recording a request did: the approval as it is now, and whether anything changed (a retry changes nothing). */
public record ApprovalRecorded(Approval approval, boolean changed) {
}
