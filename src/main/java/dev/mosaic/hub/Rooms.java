package dev.mosaic.hub;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.mosaic.model.Json;
import dev.mosaic.model.Message;
import dev.mosaic.model.MessageIds;
import dev.mosaic.model.MessageStatus;
import dev.mosaic.model.Pane;
import dev.mosaic.model.PaneStatus;
import dev.mosaic.model.Party;
import dev.mosaic.model.Quote;
import dev.mosaic.model.Room;
import dev.mosaic.model.RoomPolicy;
import dev.mosaic.model.RoomPost;
import dev.mosaic.model.RoomState;
import dev.mosaic.model.RoomStatus;
import dev.mosaic.model.Timestamps;
import dev.mosaic.store.NewRoom;
import dev.mosaic.store.RoomChange;
import dev.mosaic.store.RoomNameTakenException;
import dev.mosaic.store.RoomPostKey;
import dev.mosaic.store.RoomWritten;
import dev.mosaic.store.Store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Rooms (DESIGN.md §11): creating them, posting by their turn policy, the floor, closing, reading them back. A post
 * is one message per other member (and the moderator), in the room's thread, delivered like any send. Each change is
 * decided on the room as read and written only over that version; a change that lost a race is decided again.
 */
final class Rooms {
    /** The answer to a post: 201 for a new post, 200 for a retry with the same idempotency key (the first answer). */
    record PostReply(int status, String json) {
    }

    /** A post as the API answers it: the post, the room after it, and the messages that carry it. */
    record Posted(RoomPost post, Room room, List<Messages.Sent> messages) {
    }

    /** A room with its transcript, as {@code GET /api/v1/rooms/{id}} answers it. */
    record WithPosts(@JsonUnwrapped Room room, List<RoomPost> posts) {
    }

    /** How often a change that lost a race with another is decided again before the caller hears 409. */
    private static final int ATTEMPTS = 20;

    private final Store store;
    private final RoomParties parties;
    private final MessageIds ids;
    private final Messages messages;
    private final HubEvents events;
    private final Clock clock;

    Rooms(Store store, MessageIds ids, Messages messages, HubEvents events, Clock clock) {
        this.store = store;
        this.parties = new RoomParties(store);
        this.ids = ids;
        this.messages = messages;
        this.events = events;
        this.clock = clock;
    }

    Room create(Caller caller, RoomRequest req) {
        Party moderator = parties.moderator(caller, req.moderator());
        List<Party> members = parties.members(caller, req.members(), moderator);
        if (!caller.isOperator() && !caller.id().equals(moderator.id())
                && members.stream().noneMatch(m -> m.id().equals(caller.id()))) {
            throw ApiError.forbidden("a pane creates only a room it moderates or is a member of");
        }
        String now = Timestamps.format(clock.instant());
        String roomId = ids.next();
        List<Party> told = new ArrayList<>();
        if (!moderator.id().equals(caller.id())) {
            told.add(moderator);
        }
        members.stream().filter(m -> !m.id().equals(caller.id())).forEach(told::add);
        List<String> noticeIds = told.stream().map(p -> ids.next()).toList();
        // The first notice starts the room's thread, as the first message of a send does.
        String threadId = noticeIds.isEmpty() ? roomId : noticeIds.getFirst();
        Room room = new Room(roomId, req.name(), req.policy(), req.maxTurns(), moderator, members, threadId, now,
                new RoomState(RoomStatus.OPEN, 0, TurnRules.first(req.policy(), members, parties::present), null, 0));
        List<Message> notices = new ArrayList<>();
        for (int i = 0; i < told.size(); i++) {
            notices.add(notice(room, noticeIds.get(i), told.get(i), RoomNotices.subject(room),
                    RoomNotices.opened(room, told.get(i)), now));
        }
        RoomWritten written;
        try {
            written = store.createRoom(new NewRoom(room, notices, messages.lanesTakingHandOff(ids(told))));
        } catch (RoomNameTakenException e) {
            throw ApiError.nameTaken("an open room is already named " + Quote.of(req.name())
                    + "; close it first or pick another name");
        }
        messages.dispatch(written.delivered());
        events.room(written.room());
        return written.room();
    }

    WithPosts show(Caller caller, String idOrName) {
        Room room = find(idOrName);
        checkCanRead(caller, room);
        return new WithPosts(room, store.roomPosts(room.id()));
    }

    /** Every room for the operator; a pane's own rooms (as member or moderator) for a pane. Oldest first. */
    List<Room> list(Caller caller) {
        return store.rooms().stream().filter(r -> caller.isOperator() || r.includes(caller.id())).toList();
    }

    /**
     * Posts to a room: 201 with {@code {post, room, messages}}. A post with an idempotency key that this sender
     * already used for a post within 24 h stores nothing and answers 200 with that post's first answer, whatever the
     * room or text (as a send's key, DESIGN.md §2): a retry is answered even after the turn moved on or the room
     * closed.
     */
    PostReply post(Caller caller, String idOrName, RoomPostRequest req) {
        Party poster = RoomParties.of(caller);
        String since = Timestamps.format(clock.instant().minus(Messages.IDEMPOTENCY_WINDOW));
        if (req.idempotencyKey() != null) {
            messages.pruneIdempotencyKeys();
            Optional<String> earlier = store.roomPostAnswer(poster.id(), req.idempotencyKey(), since);
            if (earlier.isPresent()) {
                return new PostReply(200, earlier.get());
            }
        }
        Room first = find(idOrName);
        if (!first.includes(poster.id())) {
            throw ApiError.forbidden(poster.name() + " is neither a member nor the moderator of room "
                    + Quote.of(first.name()));
        }
        // Refused before a send token is spent; decided again below on the room as it is when written.
        checkOpen(first, "nothing was posted");
        TurnRules.refusal(first, poster).ifPresent(why -> {
            throw new ApiError(409, "not_your_turn", why);
        });
        messages.admitSend(caller);
        String postId = ids.next();
        for (int i = 0; i < ATTEMPTS; i++) {
            if (i > 0 && req.idempotencyKey() != null) {
                // The change lost a race, perhaps with this very post sent twice at once: that one's answer wins.
                Optional<String> earlier = store.roomPostAnswer(poster.id(), req.idempotencyKey(), since);
                if (earlier.isPresent()) {
                    messages.refundSend(caller);
                    return new PostReply(200, earlier.get());
                }
            }
            Room room = store.room(first.id()).orElseThrow(() -> ApiError.notFound("the room is gone"));
            PostDraft draft;
            try {
                draft = postChange(room, poster, postId, req, since);
            } catch (ApiError e) {
                messages.refundSend(caller); // the room moved on under the post (closed, or the turn went): nothing sent
                throw e;
            }
            Optional<RoomWritten> written = store.changeRoom(draft.change());
            if (written.isPresent()) {
                published(written.get());
                return new PostReply(201, draft.answer());
            }
        }
        messages.refundSend(caller);
        throw busy();
    }

    /** A post decided on the room as read: the change to write, and the answer it gets (kept for its retries). */
    private record PostDraft(RoomChange change, String answer) {
    }

    /** The change a post makes to the room as read: its turn, whose turn next, its messages, the close it may bring. */
    private PostDraft postChange(Room room, Party poster, String postId, RoomPostRequest req, String since) {
        checkOpen(room, "nothing was posted");
        TurnRules.refusal(room, poster).ifPresent(why -> {
            throw new ApiError(409, "not_your_turn", why);
        });
        String now = Timestamps.format(clock.instant());
        int turn = room.state().turnsUsed() + 1;
        boolean last = turn >= room.maxTurns();
        Party next = last ? null : TurnRules.after(room, poster, parties::present);
        RoomState state = new RoomState(last ? RoomStatus.CLOSED : RoomStatus.OPEN, turn, next,
                last ? now : null, room.state().version() + 1);
        Room after = room.withState(state);
        List<Message> out = new ArrayList<>();
        for (Party to : parties.reachable(room, poster.id())) {
            // In a round-robin room, the post that hands a member its turn says so.
            String subject = room.policy() == RoomPolicy.ROUND_ROBIN && next != null && next.id().equals(to.id())
                    && !room.moderator().id().equals(poster.id()) ? RoomNotices.turnSubject(room) : null;
            out.add(message(room, out.isEmpty() ? postId : ids.next(), poster, to, subject, req.text(), now));
        }
        List<Messages.Sent> sent = out.stream()
                .map(m -> new Messages.Sent(m.id(), m.toId(), m.toName(), m.threadId(), m.status().wire())).toList();
        if (last) {
            for (Party to : parties.reachable(room, null)) {
                out.add(notice(after, ids.next(), to, RoomNotices.subject(room), RoomNotices.closed(after, null),
                        now));
            }
        }
        RoomPost post = new RoomPost(turn, postId, poster.id(), poster.name(), req.text(), now);
        String answer = Json.MAPPER.writeValueAsString(new Posted(post, after, sent));
        RoomPostKey key = req.idempotencyKey() == null ? null
                : new RoomPostKey(poster.id(), req.idempotencyKey(), answer, since);
        return new PostDraft(new RoomChange(room.id(), room.state().version(), state, Optional.of(post), out,
                messages.lanesTakingHandOff(out.stream().map(Message::toId).distinct().toList()), key), answer);
    }

    Room floor(Caller caller, String idOrName, String to) {
        if (to == null || to.isBlank()) {
            throw ApiError.badRequest("'to' is required: the member to give the floor to");
        }
        Room first = find(idOrName);
        if (!caller.id().equals(first.moderator().id())) {
            throw ApiError.forbidden("only the moderator " + first.moderator().name() + " gives the floor in room "
                    + Quote.of(first.name()));
        }
        checkOpen(first, "nobody was given the floor");
        if (first.policy() == RoomPolicy.OPEN) {
            throw ApiError.badRequest("room " + Quote.of(first.name()) + " is open: anyone may post, there is no "
                    + "floor to give");
        }
        Party member = first.members().stream()
                .filter(m -> m.id().equals(to.strip()) || m.name().equalsIgnoreCase(to.strip())).findFirst()
                .orElseThrow(() -> ApiError.badRequest(Quote.of(to) + " is not a member of room "
                        + Quote.of(first.name()) + "; its members: " + RoomNotices.names(first.members())));
        if (!parties.present(member)) {
            throw ApiError.badRequest(member.name() + " left room " + Quote.of(first.name()) + " (its pane is no "
                    + "longer live) and cannot post; give the floor to a member who is still here");
        }
        return decide(first.id(), room -> {
            checkOpen(room, "nobody was given the floor");
            RoomState state = new RoomState(RoomStatus.OPEN, room.state().turnsUsed(), member, null,
                    room.state().version() + 1);
            Room after = room.withState(state);
            String now = Timestamps.format(clock.instant());
            List<Message> out = List.of(notice(after, ids.next(), member, RoomNotices.turnSubject(room),
                    RoomNotices.floor(after), now));
            return new RoomChange(room.id(), room.state().version(), state, Optional.empty(), out,
                    messages.lanesTakingHandOff(List.of(member.id())));
        }).room();
    }

    /**
     * A pane was stopped or its process exited: in each open room it is a member of, everyone else is told, its
     * round-robin turns are skipped from now on, and a turn or floor it held moves on (round robin: to the next
     * member still here; moderated: back to the moderator to give). A pane never comes back to life, so neither does
     * its membership.
     */
    void paneLeft(String paneId, PaneStatus how) {
        for (Room r : store.rooms()) {
            if (r.isOpen() && r.hasMember(paneId)) {
                Party member = r.members().stream().filter(m -> m.id().equals(paneId)).findFirst().orElseThrow();
                leave(r.id(), member, how);
            } else if (r.isOpen() && r.moderator().id().equals(paneId)) {
                moderatorLeft(r.id(), how);
            }
        }
    }

    /**
     * The moderator's pane stopped or exited: the members and the operator are told (nobody gives the floor any more;
     * the operator may close the room). The room is otherwise as it was: a floor already given still holds.
     */
    private void moderatorLeft(String roomId, PaneStatus how) {
        decideWhileOpen(roomId, room -> {
            RoomState state = new RoomState(RoomStatus.OPEN, room.state().turnsUsed(), room.state().whoseTurn(), null,
                    room.state().version() + 1);
            Room after = room.withState(state);
            String now = Timestamps.format(clock.instant());
            List<Party> told = new ArrayList<>(parties.reachable(room, room.moderator().id()));
            told.add(Party.OPERATOR);
            List<Message> out = new ArrayList<>();
            for (Party to : told) {
                out.add(notice(after, ids.next(), to, RoomNotices.subject(room), RoomNotices.moderatorLeft(after, how),
                        now));
            }
            return new RoomChange(room.id(), room.state().version(), state, Optional.empty(), out,
                    messages.lanesTakingHandOff(out.stream().map(Message::toId).toList()));
        });
    }

    /**
     * At start: a turn held by a member whose pane is no longer live (its process died with the previous hub) moves
     * on as {@link #paneLeft} would have moved it.
     */
    void passTurnsOfDepartedMembers() {
        for (Room r : store.rooms()) {
            Party turn = r.state().whoseTurn();
            if (r.isOpen() && turn != null && !parties.present(turn)) {
                PaneStatus how = store.pane(turn.id()).map(Pane::status).orElse(PaneStatus.STOPPED);
                leave(r.id(), turn, how);
            }
        }
    }

    private void leave(String roomId, Party member, PaneStatus how) {
        decideWhileOpen(roomId, room -> {
            Party turn = room.state().whoseTurn();
            boolean held = turn != null && turn.id().equals(member.id());
            Party next = !held ? turn : room.policy() == RoomPolicy.ROUND_ROBIN
                    ? TurnRules.nextPresent(room, member, p -> !p.id().equals(member.id()) && parties.present(p))
                    : null;
            RoomState state = new RoomState(RoomStatus.OPEN, room.state().turnsUsed(), next, null,
                    room.state().version() + 1);
            Room after = room.withState(state);
            String now = Timestamps.format(clock.instant());
            List<Message> out = new ArrayList<>();
            for (Party to : parties.reachable(room, member.id())) {
                boolean cue = held && next != null && next.id().equals(to.id());
                out.add(notice(after, ids.next(), to, cue ? RoomNotices.turnSubject(room) : RoomNotices.subject(room),
                        RoomNotices.left(after, member, how, held), now));
            }
            return new RoomChange(room.id(), room.state().version(), state, Optional.empty(), out,
                    messages.lanesTakingHandOff(out.stream().map(Message::toId).toList()));
        });
    }

    /** Closes a room and tells everyone else in it; closing a closed room changes nothing. */
    Room close(Caller caller, String idOrName) {
        Room first = find(idOrName);
        if (!caller.isOperator() && !caller.id().equals(first.moderator().id())) {
            throw ApiError.forbidden("only the moderator " + first.moderator().name() + " or the operator closes "
                    + "room " + Quote.of(first.name()));
        }
        if (!first.isOpen()) {
            return first;
        }
        Party closer = RoomParties.of(caller);
        Optional<RoomWritten> written = Optional.empty();
        for (int i = 0; i < ATTEMPTS && written.isEmpty(); i++) {
            Room room = i == 0 ? first : store.room(first.id()).orElseThrow();
            if (!room.isOpen()) {
                return room;
            }
            String now = Timestamps.format(clock.instant());
            RoomState state = new RoomState(RoomStatus.CLOSED, room.state().turnsUsed(), null, now,
                    room.state().version() + 1);
            Room after = room.withState(state);
            List<Message> out = new ArrayList<>();
            for (Party to : parties.reachable(room, closer.id())) {
                out.add(notice(after, ids.next(), to, RoomNotices.subject(room), RoomNotices.closed(after, closer),
                        now));
            }
            written = store.changeRoom(new RoomChange(room.id(), room.state().version(), state, Optional.empty(), out,
                    messages.lanesTakingHandOff(out.stream().map(Message::toId).toList())));
        }
        return published(written.orElseThrow(Rooms::busy));
    }

    /** Decides a change on the room as read, writes it over that version, and decides again if another won. */
    private RoomWritten decide(String roomId, Function<Room, RoomChange> change) {
        for (int i = 0; i < ATTEMPTS; i++) {
            Room room = store.room(roomId).orElseThrow(() -> ApiError.notFound("the room is gone"));
            Optional<RoomWritten> written = store.changeRoom(change.apply(room));
            if (written.isPresent()) {
                published(written.get());
                return written.get();
            }
        }
        throw busy();
    }

    /** As {@link #decide}, for a change the hub makes by itself: nothing to do once the room is closed. */
    private void decideWhileOpen(String roomId, Function<Room, RoomChange> change) {
        for (int i = 0; i < ATTEMPTS; i++) {
            Room room = store.room(roomId).orElseThrow();
            if (!room.isOpen()) {
                return;
            }
            Optional<RoomWritten> written = store.changeRoom(change.apply(room));
            if (written.isPresent()) {
                published(written.get());
                return;
            }
        }
        throw busy();
    }

    private Room published(RoomWritten written) {
        messages.dispatch(written.delivered());
        events.room(written.room());
        return written.room();
    }

    private static ApiError busy() {
        return new ApiError(409, "busy", "the room kept changing under this request; try again");
    }

    /** A room by id, else the open room of that name, else the newest closed one of that name. */
    Room find(String idOrName) {
        return store.room(idOrName).or(() -> store.roomNamed(idOrName)).orElseThrow(() ->
                ApiError.notFound("no room has the id or name " + Quote.of(idOrName)));
    }

    private static void checkCanRead(Caller caller, Room room) {
        if (!caller.isOperator() && !room.includes(caller.id())) {
            throw ApiError.forbidden("a pane reads only the rooms it is a member or the moderator of");
        }
    }

    private static void checkOpen(Room room, String consequence) {
        if (!room.isOpen()) {
            throw new ApiError(409, "room_closed", "room " + Quote.of(room.name()) + " is closed ("
                    + room.state().turnsUsed() + " of " + room.maxTurns() + " turns used); " + consequence);
        }
    }

    private static List<String> ids(List<Party> parties) {
        return parties.stream().map(Party::id).toList();
    }

    private static Message message(Room room, String id, Party from, Party to, String subject, String text,
                                   String now) {
        return new Message(id, 0, from.id(), from.name(), to.id(), to.name(), subject, text, room.threadId(), null,
                now, MessageStatus.QUEUED, null, null, null, null, false, room.id(), room.name());
    }

    /** A notice from the room itself: sent as the room (its id and "room:NAME"), never as a pane. */
    private static Message notice(Room room, String id, Party to, String subject, String text, String now) {
        return message(room, id, new Party(room.id(), RoomNotices.senderName(room)), to, subject, text, now);
    }
}
