package dev.mosaic.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

import java.util.List;

/**
 * A room (DESIGN.md §11): members in their order, a moderator (a pane or the operator) who gets every post, a turn
 * policy and a turn limit, and the thread its posts and notices are messages in. The state is flat in its JSON.
 */
public record Room(String id, String name, RoomPolicy policy, int maxTurns, Party moderator, List<Party> members,
                   String threadId, String createdAt, @JsonUnwrapped RoomState state) {
    public Room {
        members = List.copyOf(members);
    }

    @JsonIgnore
    public boolean isOpen() {
        return state.status() == RoomStatus.OPEN;
    }

    /** Whether the party is one of the members (the moderator is not one). */
    public boolean hasMember(String partyId) {
        return members.stream().anyMatch(m -> m.id().equals(partyId));
    }

    /** The members and the moderator: everyone a post may reach. */
    public boolean includes(String partyId) {
        return moderator.id().equals(partyId) || hasMember(partyId);
    }

    public Room withState(RoomState s) {
        return new Room(id, name, policy, maxTurns, moderator, members, threadId, createdAt, s);
    }
}
