package dev.mosaic.hub;

import dev.mosaic.delivery.Pusher;
import dev.mosaic.model.Message;
import dev.mosaic.model.Timestamps;
import dev.mosaic.store.SeenResult;
import dev.mosaic.store.Store;

import java.time.Clock;
import java.util.List;

/**
 * Seen receipts (DESIGN.md §10): a UserPromptSubmit hook whose prompt holds a message's channel tag says the agent's
 * session took that message in. Only messages pushed to the reporting pane count; a receipt for any other is ignored,
 * never recorded.
 */
final class SeenReceipts {
    private final Store store;
    private final Pusher pusher;
    private final HubEvents events;
    private final Clock clock;

    SeenReceipts(Store store, Pusher pusher, HubEvents events, Clock clock) {
        this.store = store;
        this.pusher = pusher;
        this.events = events;
        this.clock = clock;
    }

    /** Marks the pane's pushed messages among these ids seen; returns the ids it marked (the rest changed nothing). */
    List<String> record(String paneId, List<String> messageIds) {
        if (messageIds.isEmpty()) {
            return List.of();
        }
        SeenResult result = store.markSeen(paneId, messageIds, Timestamps.format(clock.instant()));
        result.seen().forEach(events::seen);
        if (result.pushRestored()) {
            pusher.seenAgain(paneId);
        }
        return result.seen().stream().map(Message::id).toList();
    }
}
