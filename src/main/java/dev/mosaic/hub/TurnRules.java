package dev.mosaic.hub;

import dev.mosaic.model.Party;
import dev.mosaic.model.Room;
import dev.mosaic.model.RoomPolicy;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The turn policies of DESIGN.md §11 as pure rules over a room: who may post now, and whose turn it is after a post.
 * The moderator may always post, and its posts move no member's turn; every post counts as a turn. A round-robin
 * turn goes only to a member who is {@code present} (its pane live): one whose pane was stopped or exited is skipped.
 */
final class TurnRules {
    private TurnRules() {
    }

    /** Whose turn it is when a room opens: the first present member in a round-robin room, nobody's otherwise. */
    static Party first(RoomPolicy policy, List<Party> members, Predicate<Party> present) {
        return policy == RoomPolicy.ROUND_ROBIN ? members.stream().filter(present).findFirst().orElse(null) : null;
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
    static Party after(Room room, Party poster, Predicate<Party> present) {
        Party turn = room.state().whoseTurn();
        if (room.moderator().id().equals(poster.id())) {
            return turn;
        }
        return switch (room.policy()) {
            case OPEN, MODERATED -> null; // a floor is good for one post
            case ROUND_ROBIN -> nextPresent(room, poster, present);
        };
    }

    /**
     * The first present member after {@code from} in the round-robin order, going round; {@code from} itself only
     * when nobody else is present; null when nobody is.
     */
    static Party nextPresent(Room room, Party from, Predicate<Party> present) {
        List<Party> members = room.members();
        int at = 0;
        while (at < members.size() && !members.get(at).id().equals(from.id())) {
            at++;
        }
        for (int step = 1; step <= members.size(); step++) {
            Party p = members.get((at + step) % members.size());
            if (present.test(p)) {
                return p;
            }
        }
        return null;
    }

    private static String name(Party p) {
        return p == null ? "nobody" : p.name();
    }
}
