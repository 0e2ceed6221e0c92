package dev.mosaic.hub;

import dev.mosaic.model.Pane;
import dev.mosaic.model.PaneStatus;
import dev.mosaic.model.Party;
import dev.mosaic.model.Quote;
import dev.mosaic.model.Room;
import dev.mosaic.store.Store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is in a room: its moderator and members as a create names them (each one live pane, by the rules of a send's
 * {@code to}; the operator only as moderator; nobody twice), and whom a post or notice can reach now.
 */
final class RoomParties {
    private final Store store;
    private final Recipients recipients;

    RoomParties(Store store) {
        this.store = store;
        this.recipients = new Recipients(store);
    }

    /** Everyone in the room but {@code except} (null: nobody left out), leaving out stopped panes. */
    List<Party> reachable(Room room, String except) {
        List<Party> out = new ArrayList<>();
        List<Party> everyone = new ArrayList<>();
        everyone.add(room.moderator());
        everyone.addAll(room.members());
        for (Party p : everyone) {
            if (p.id().equals(except)) {
                continue;
            }
            boolean stopped = !p.isOperator() && store.pane(p.id()).map(pane -> pane.status() == PaneStatus.STOPPED)
                    .orElse(true);
            if (!stopped) {
                out.add(p);
            }
        }
        return out;
    }

    /** Whether the party can take a turn: the operator, or a pane that is live (not stopped, not exited). */
    boolean present(Party p) {
        return p.isOperator() || store.pane(p.id()).map(pane -> pane.status() == PaneStatus.LIVE).orElse(false);
    }

    /** The moderator a create names: a pane, or the operator; the caller when it names none. */
    Party moderator(Caller caller, String named) {
        if (named == null) {
            return of(caller);
        }
        if (named.equalsIgnoreCase(Pane.OPERATOR)) {
            return Party.OPERATOR;
        }
        if (named.equals("*")) {
            throw ApiError.badRequest("the moderator is one pane, or \"operator\"; not \"*\"");
        }
        return one(named, caller, "moderator");
    }

    /** The members a create names, in order: live panes, each once, the moderator not among them. */
    List<Party> members(Caller caller, List<String> named, Party moderator) {
        Map<String, Party> members = new LinkedHashMap<>();
        for (String n : named) {
            if (n.equals("*") || n.equalsIgnoreCase(Pane.OPERATOR)) {
                throw ApiError.badRequest("a member is one pane, by name or id; not " + Quote.of(n)
                        + " (the operator may be the moderator)");
            }
            Party p = one(n, caller, "member");
            if (p.id().equals(moderator.id())) {
                throw new ApiError(400, "duplicate_member", p.name() + " is the moderator; the moderator is not also "
                        + "a member (it gets every post and may post at any time)");
            }
            if (members.putIfAbsent(p.id(), p) != null) {
                throw new ApiError(400, "duplicate_member", "'members' names " + p.name() + " twice (as "
                        + Quote.of(n) + "); list each pane once");
            }
        }
        return List.copyOf(members.values());
    }

    private Party one(String named, Caller caller, String role) {
        Party p;
        try {
            Recipients.Party r = recipients.resolve(List.of(named), caller).getFirst();
            p = new Party(r.id(), r.name());
        } catch (ApiError e) {
            throw new ApiError(e.status(), e.code(), "the " + role + " " + Quote.of(named) + " is not a pane: "
                    + e.getMessage());
        }
        // A message may wait in an exited pane's inbox, but a room needs someone to take turns or give the floor.
        if (!present(p)) {
            throw ApiError.unknownRecipient("the " + role + " " + Quote.of(named) + " is not a live pane: "
                    + p.name() + "'s process exited; a room's members and moderator are live panes");
        }
        return p;
    }

    /** The caller as a party: the operator, or its pane. */
    static Party of(Caller caller) {
        return caller.isOperator() ? Party.OPERATOR : new Party(caller.id(), caller.name());
    }
}
