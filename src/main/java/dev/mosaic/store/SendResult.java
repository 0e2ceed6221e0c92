package dev.mosaic.store;

import dev.mosaic.model.Message;

import java.util.List;
import java.util.Optional;

/** What a send did: stored new messages, or found an earlier send with the same idempotency key. */
public sealed interface SendResult {
    /**
     * The messages as stored, with their seq, and the pushes claimed (queued → pushing) in the same transaction for
     * the batch's idle lanes: each the pane's oldest queued message, which may be an older one than this send's; and
     * the message the send answered, if this send marked it read.
     */
    record Stored(List<Message> messages, List<Message> claimed, Optional<Message> readOnReply) implements SendResult {
        public Stored {
            messages = List.copyOf(messages);
            claimed = List.copyOf(claimed);
        }
    }

    /** The answer given to the first send with that key. */
    record Replayed(String response) implements SendResult {
    }
}
