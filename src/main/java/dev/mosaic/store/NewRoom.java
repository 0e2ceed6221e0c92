package dev.mosaic.store;

import dev.mosaic.model.Message;
import dev.mosaic.model.Room;

import java.util.List;
import java.util.Set;

/**
 * A room to create, with the notices that tell its members (the first of them starts the room's thread), and the
 * recipients whose idle push lanes get their next push claimed in the same transaction (as {@link SendBatch}).
 */
public record NewRoom(Room room, List<Message> notices, Set<String> claimPushFor) {
    public NewRoom {
        notices = List.copyOf(notices);
        claimPushFor = Set.copyOf(claimPushFor);
    }
}
