package dev.mosaic.hub;

import dev.mosaic.model.PaneStatus;
import dev.mosaic.model.Party;
import dev.mosaic.model.Room;
import dev.mosaic.model.RoomPolicy;

import java.util.List;

/**
 * What the hub tells a room's members about the room itself: that they are in it, that they have the floor, that it
 * closed. The notices are messages from the room (sender id: the room's id), in the room's thread.
 */
final class RoomNotices {
    private RoomNotices() {
    }

    /** The sender name of the room's own notices; a ':' no pane name may hold, so it cannot pass for a pane. */
    static String senderName(Room room) {
        return "room:" + room.name();
    }

    static String subject(Room room) {
        return "Room " + room.name();
    }

    static String turnSubject(Room room) {
        return "Your turn in room " + room.name();
    }

    /** The notice that tells a member or the moderator of a new room. */
    static String opened(Room room, Party to) {
        String quoted = "'" + room.name() + "'";
        String limit = " The room closes after " + room.maxTurns() + " turns (every post is one).";
        if (room.moderator().id().equals(to.id())) {
            String how = switch (room.policy()) {
                case OPEN -> "Members post whenever they like.";
                case ROUND_ROBIN -> "Members post in turn: " + names(room.members()) + ".";
                case MODERATED -> "Members post only when you give them the floor (pass_floor), once each time.";
            };
            return "You moderate room " + quoted + " with members " + names(room.members()) + ". " + how
                    + " You get every post and may post at any time with room_post." + limit;
        }
        String how = switch (room.policy()) {
            case OPEN -> "Anyone may post at any time.";
            case ROUND_ROBIN -> "Members post in turn, in this order: " + names(room.members()) + "; "
                    + (room.members().getFirst().id().equals(to.id()) ? "you go first." : room.members().getFirst()
                    .name() + " goes first. A post that is your turn's cue arrives with the subject '"
                    + turnSubject(room) + "'.");
            case MODERATED -> "Post only when the moderator " + room.moderator().name()
                    + " gives you the floor, and once each time.";
        };
        return "You are a member of room " + quoted + " with " + names(room.members()) + ", moderated by "
                + room.moderator().name() + ". " + how + " Post with room_post (room " + quoted + "): each post "
                + "reaches every member and the moderator." + limit;
    }

    /** The notice to the member given the floor. */
    static String floor(Room room) {
        return room.moderator().name() + " gave you the floor in room '" + room.name() + "': it is your turn. Post "
                + "once with room_post (room '" + room.name() + "'). Turns used: " + room.state().turnsUsed() + " of "
                + room.maxTurns() + ".";
    }

    /**
     * The notice that a member left (its pane stopped or exited): its turns are skipped from now on; when it held the
     * turn, whose turn it is now (round robin) or that the moderator gives the floor again (moderated).
     */
    static String left(Room room, Party member, PaneStatus how, boolean heldTurn) {
        String quoted = "'" + room.name() + "'";
        String why = how == PaneStatus.STOPPED ? "its pane was stopped" : "its process exited";
        String text = member.name() + " left room " + quoted + " (" + why + ")";
        if (room.policy() == RoomPolicy.ROUND_ROBIN) {
            Party next = room.state().whoseTurn();
            text += ": " + member.name() + "'s turns are skipped from now on.";
            if (heldTurn) {
                text += next == null ? " No member is left to post; the moderator " + room.moderator().name()
                        + " may close the room." : " It is " + next.name() + "'s turn.";
            }
            return text;
        }
        if (room.policy() == RoomPolicy.MODERATED && heldTurn) {
            return text + " while holding the floor; the moderator " + room.moderator().name() + " gives it to "
                    + "another member.";
        }
        return text + ".";
    }

    /** The notice that the moderator's pane stopped or exited. */
    static String moderatorLeft(Room room, PaneStatus how) {
        String why = how == PaneStatus.STOPPED ? "its pane was stopped" : "its process exited";
        String rest = room.policy() == RoomPolicy.MODERATED
                ? " Nobody gives the floor any more: the operator may close the room (`mosaic room close "
                + room.name() + "`)."
                : " The room goes on without it; the operator may close it (`mosaic room close " + room.name() + "`).";
        return "The moderator " + room.moderator().name() + " left room '" + room.name() + "' (" + why + ")." + rest;
    }

    /** The notice that a room closed, by whom or by reaching its turn limit. */
    static String closed(Room room, Party by) {
        String why = by == null ? "it reached its limit of " + room.maxTurns() + " turns"
                : by.name() + " closed it after " + room.state().turnsUsed() + " of " + room.maxTurns() + " turns";
        return "Room '" + room.name() + "' is closed: " + why + ". It takes no more posts; its transcript reads back "
                + "with `mosaic room show " + room.name() + "`.";
    }

    /** "Bob", "Bob and Carol", "Bob, Carol and Dave". */
    static String names(List<Party> parties) {
        List<String> names = parties.stream().map(Party::name).toList();
        if (names.size() <= 1) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.getLast();
    }
}
