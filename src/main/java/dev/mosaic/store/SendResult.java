package dev.mosaic.store;

import dev.mosaic.model.Message;

import java.util.List;

/** What a send did: stored new messages, or found an earlier send with the same idempotency key. */
public sealed interface SendResult {
    /** The messages as stored, with their seq. */
    record Stored(List<Message> messages) implements SendResult {
    }

    /** The answer given to the first send with that key. */
    record Replayed(String response) implements SendResult {
    }
}
