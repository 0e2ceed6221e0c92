package dev.mosaic.store;

import dev.mosaic.model.Message;
import dev.mosaic.model.RoomPost;
import dev.mosaic.model.RoomState;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A change to a room decided on its state at {@code expectedVersion}: its new state (whose version is the next),
 * the post it adds to the transcript if any, the messages that carry the post or tell of the change, and the
 * recipients whose idle push lanes get their next push claimed in the same transaction.
 */
public record RoomChange(String roomId, long expectedVersion, RoomState state, Optional<RoomPost> post,
                         List<Message> messages, Set<String> claimPushFor) {
    public RoomChange {
        messages = List.copyOf(messages);
        claimPushFor = Set.copyOf(claimPushFor);
    }
}
