package dev.mosaic.store;

import dev.mosaic.model.ToolRequest;

/**
 * A permission request the pane's channel relayed, to be stored as (or merged into) an approval of that pane: the
 * same request_id since {@code duplicateSince} is a retry; a hook's approval since {@code mergeSince} is its other half.
 */
public record RelayedRequest(String newId, String paneId, String paneName, ToolRequest request, String at,
                             String duplicateSince, String mergeSince) {
}
