package dev.mosaic.store;

import dev.mosaic.model.Message;
import dev.mosaic.model.RoomPost;
import dev.mosaic.model.RoomState;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A change to a room decided on its state at {@code expectedVersion}: its new state (whose version is the next),
 * the post it adds to the transcript if any, the messages that carry the post or tell of the change, the
 * recipients whose idle push lanes get their next push claimed in the same transaction, and the post's idempotency
 * key (null without one), stored with it.
 */
public record RoomChange(String roomId, long expectedVersion, RoomState state, Optional<RoomPost> post,
                         List<Message> messages, Set<String> claimPushFor, RoomPostKey key) {
    public RoomChange {
        messages = List.copyOf(messages);
        claimPushFor = Set.copyOf(claimPushFor);
        if (key != null && post.isEmpty()) {
            throw new IllegalArgumentException("only a post carries an idempotency key");
        }
    }

    /** A change without an idempotency key. */
    public RoomChange(String roomId, long expectedVersion, RoomState state, Optional<RoomPost> post,
                      List<Message> messages, Set<String> claimPushFor) {
        this(roomId, expectedVersion, state, post, messages, claimPushFor, null);
    }
}
