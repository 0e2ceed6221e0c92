package dev.mosaic.hub;

import dev.mosaic.model.Party;
import dev.mosaic.model.Room;
import dev.mosaic.model.RoomPolicy;

import java.util.List;
import java.util.Optional;

/**
 * The turn policies of DESIGN.md §11 as pure rules over a room: who may post now, and whose turn it is after a post.
 * The moderator may always post, and its posts move no member's turn; every post counts as a turn.
 */
final class TurnRules {
    private TurnRules() {
    }

    /** Whose turn it is when a room opens: the first member in a round-robin room, nobody's otherwise. */
    static Party first(RoomPolicy policy, List<Party> members) {
        return policy == RoomPolicy.ROUND_ROBIN ? members.getFirst() : null;
    }

    /** Why this party may not post now (the sentence of a 409 not_your_turn, naming whose turn it is), or empty. */
    static Optional<String> refusal(Room room, Party poster) {
        if (room.moderator().id().equals(poster.id()) || room.policy() == RoomPolicy.OPEN) {
            return Optional.empty();
        }
        Party turn = room.state().whoseTurn();
        if (turn != null && turn.id().equals(poster.id())) {
            return Optional.empty();
        }
        String where = " in room '" + room.name() + "'";
        return Optional.of(switch (room.policy()) {
            case ROUND_ROBIN -> "it is " + name(turn) + "'s turn" + where + ", not yours: members post in turn ("
                    + RoomNotices.names(room.members()) + "); wait until the post before yours arrives";
            case MODERATED -> (turn == null ? "nobody has the floor" : turn.name() + " has the floor") + where
                    + ": post when the moderator " + room.moderator().name() + " gives it to you";
            case OPEN -> throw new IllegalStateException("anyone may post in an open room");
        });
    }

    /** Whose turn it is after this party posted. */
    static Party after(Room room, Party poster) {
        Party turn = room.state().whoseTurn();
        if (room.moderator().id().equals(poster.id())) {
            return turn;
        }
        return switch (room.policy()) {
            case OPEN, MODERATED -> null; // a floor is good for one post
            case ROUND_ROBIN -> {
                List<Party> members = room.members();
                int at = 0;
                while (at < members.size() && !members.get(at).id().equals(poster.id())) {
                    at++;
                }
                yield members.get((at + 1) % members.size());
            }
        };
    }

    private static String name(Party p) {
        return p == null ? "nobody" : p.name();
    }
}
