package dev.mosaic.store;

import dev.mosaic.model.Message;
import dev.mosaic.model.MessageIds;
import dev.mosaic.model.MessageStatus;
import dev.mosaic.model.Pane;
import dev.mosaic.model.PaneKind;
import dev.mosaic.model.Party;
import dev.mosaic.model.Room;
import dev.mosaic.model.RoomPolicy;
import dev.mosaic.model.RoomPost;
import dev.mosaic.model.RoomState;
import dev.mosaic.model.RoomStatus;
import dev.mosaic.model.Timestamps;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Rooms in the store, the same for every database: a subclass supplies only the store. A change is written only over
 * the version it was decided on, and a post's messages are ordinary messages that name their room.
 */
abstract class RoomStoreContract {
    private final MessageIds ids = new MessageIds();
    Store store;
    Party alice;
    Party bob;
    Party carol;

    abstract Store openStore();

    @BeforeEach
    void open() {
        store = openStore();
        alice = party(pane("Alice"));
        bob = party(pane("Bob"));
        carol = party(pane("Carol"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Pane pane(String name) {
        return store.createPane(new NewPane(UUID.randomUUID().toString(), name, PaneKind.JOINED,
                UUID.randomUUID().toString(), Timestamps.now()));
    }

    private static Party party(Pane p) {
        return new Party(p.id(), p.name());
    }

    private Message message(Room room, Party from, Party to, String text, String threadId) {
        String id = ids.next();
        return new Message(id, 0, from.id(), from.name(), to.id(), to.name(), null, text,
                threadId == null ? id : threadId, null, Timestamps.now(), MessageStatus.QUEUED, null, null, null,
                null, false, room.id(), room.name());
    }

    /** A moderated room "debate" whose notices go to Bob and Carol. */
    private RoomWritten create(String name) {
        String roomId = ids.next();
        String threadId = ids.next();
        Room draft = new Room(roomId, name, RoomPolicy.MODERATED, 10, alice, List.of(bob, carol), threadId,
                Timestamps.now(), new RoomState(RoomStatus.OPEN, 0, null, null, 0));
        Message toBob = new Message(threadId, 0, roomId, "room " + name, bob.id(), bob.name(), null, "welcome",
                threadId, null, Timestamps.now(), MessageStatus.QUEUED, null, null, null, null, false, roomId, name);
        return store.createRoom(new NewRoom(draft, List.of(toBob), Set.of()));
    }

    @Test
    void aRoomReadsBackWithItsMembersInOrderAndItsNoticeStored() {
        RoomWritten created = create("debate");
        Room room = store.room(created.room().id()).orElseThrow();
        assertThat(room.members()).containsExactly(bob, carol);
        assertThat(room.moderator()).isEqualTo(alice);
        assertThat(room.policy()).isEqualTo(RoomPolicy.MODERATED);
        assertThat(room.state().status()).isEqualTo(RoomStatus.OPEN);
        assertThat(created.delivered().messages()).singleElement()
                .satisfies(m -> assertThat(m.roomName()).isEqualTo("debate"));
        assertThat(store.peekInbox(bob.id(), 10)).singleElement()
                .satisfies(m -> assertThat(m.roomId()).isEqualTo(room.id()));
        assertThat(store.roomNamed("DEBATE")).contains(room);
        assertThat(store.rooms()).containsExactly(room);
    }

    /**
     * A room notice to a member whose push lane is idle is claimed in the room's own transaction, as a send's is: a
     * claim of this hub's, which a restart returns to the queue (the claim once took the pane id for the hub's, and
     * PostgreSQL refused the statement outright).
     */
    @Test
    void aNoticeClaimedForAnIdleLaneIsThisHubsClaim() {
        String roomId = ids.next();
        String threadId = ids.next();
        Room draft = new Room(roomId, "claimed", RoomPolicy.OPEN, 10, alice, List.of(bob), threadId,
                Timestamps.now(), new RoomState(RoomStatus.OPEN, 0, null, null, 0));
        Message toBob = new Message(threadId, 0, roomId, "room claimed", bob.id(), bob.name(), null, "welcome",
                threadId, null, Timestamps.now(), MessageStatus.QUEUED, null, null, null, null, false, roomId,
                "claimed");
        RoomWritten written = store.createRoom(new NewRoom(draft, List.of(toBob), Set.of(bob.id())));
        assertThat(written.delivered().claimed()).extracting(Message::id).containsExactly(threadId);
        assertThat(store.releaseAllPushes()).as("a restart returns it").isEqualTo(1);
        assertThat(store.peekInbox(bob.id(), 10)).extracting(Message::id).containsExactly(threadId);
    }

    @Test
    void aNameIsUniqueAmongOpenRoomsOnly() {
        Room first = create("debate").room();
        assertThatThrownBy(() -> create("Debate")).isInstanceOf(RoomNameTakenException.class);
        assertThat(store.changeRoom(new RoomChange(first.id(), 0, new RoomState(RoomStatus.CLOSED, 0, null,
                Timestamps.now(), 1), Optional.empty(), List.of(), Set.of()))).isPresent();
        Room second = create("debate").room();
        assertThat(store.roomNamed("debate").orElseThrow().id()).as("the open one first").isEqualTo(second.id());
        assertThat(store.rooms()).extracting(Room::id).containsExactly(first.id(), second.id());
    }

    @Test
    void aChangeOverAStaleVersionWritesNothing() {
        Room room = create("debate").room();
        RoomPost post = new RoomPost(1, ids.next(), alice.id(), alice.name(), "opening", Timestamps.now());
        RoomChange first = new RoomChange(room.id(), 0, new RoomState(RoomStatus.OPEN, 1, bob, null, 1),
                Optional.of(post), List.of(message(room, alice, bob, "opening", room.threadId()),
                message(room, alice, carol, "opening", room.threadId())), Set.of());
        Optional<RoomWritten> written = store.changeRoom(first);
        assertThat(written).isPresent();
        assertThat(written.get().room().state().turnsUsed()).isEqualTo(1);
        assertThat(written.get().room().state().whoseTurn()).isEqualTo(bob);
        assertThat(written.get().delivered().messages()).hasSize(2).allSatisfy(m -> assertThat(m.seq()).isPositive());

        RoomPost racing = new RoomPost(1, ids.next(), alice.id(), alice.name(), "again", Timestamps.now());
        assertThat(store.changeRoom(new RoomChange(room.id(), 0, new RoomState(RoomStatus.OPEN, 1, null, null, 1),
                Optional.of(racing), List.of(message(room, alice, bob, "again", room.threadId())), Set.of())))
                .as("decided on version 0, which is gone").isEmpty();
        assertThat(store.roomPosts(room.id())).containsExactly(post);
        assertThat(store.thread(room.threadId())).extracting(Message::text)
                .containsExactly("welcome", "opening", "opening");
    }

    /** A post by Alice as turn {@code turn}, decided on {@code version}, carrying {@code key}. */
    private RoomChange keyedPost(Room room, int turn, long version, String text, RoomPostKey key) {
        RoomPost post = new RoomPost(turn, ids.next(), alice.id(), alice.name(), text, Timestamps.now());
        return new RoomChange(room.id(), version, new RoomState(RoomStatus.OPEN, turn, null, null, version + 1),
                Optional.of(post), List.of(message(room, alice, bob, text, room.threadId())), Set.of(), key);
    }

    @Test
    void aPostsIdempotencyKeyKeepsItsFirstAnswerAndASecondPostWithItWritesNothing() {
        Room room = create("debate").room();
        String since = "2000-01-01T00:00:00.000Z";
        assertThat(store.changeRoom(keyedPost(room, 1, 0, "once", new RoomPostKey(alice.id(), "k1", "{\"first\":1}",
                since)))).isPresent();
        assertThat(store.roomPostAnswer(alice.id(), "k1", since)).contains("{\"first\":1}");
        assertThat(store.roomPostAnswer(bob.id(), "k1", since)).as("keys are per sender").isEmpty();
        assertThat(store.idempotentResponse(alice.id(), "k1", since)).as("apart from a send's keys").isEmpty();

        assertThat(store.changeRoom(keyedPost(room, 2, 1, "twice", new RoomPostKey(alice.id(), "k1", "{\"again\":1}",
                since)))).as("the same key, decided on the room as it is now: nothing written").isEmpty();
        assertThat(store.room(room.id()).orElseThrow().state().turnsUsed()).isEqualTo(1);
        assertThat(store.roomPosts(room.id())).extracting(RoomPost::text).containsExactly("once");
        assertThat(store.thread(room.threadId())).extracting(Message::text).containsExactly("welcome", "once");
        assertThat(store.roomPostAnswer(alice.id(), "k1", since)).contains("{\"first\":1}");
    }

    @Test
    void aKeyedPostOverAStaleVersionLeavesNoKeyBehind() {
        Room room = create("debate").room();
        String since = "2000-01-01T00:00:00.000Z";
        assertThat(store.changeRoom(keyedPost(room, 1, 0, "first", null))).isPresent();
        assertThat(store.changeRoom(keyedPost(room, 1, 0, "stale", new RoomPostKey(alice.id(), "k2", "{}", since))))
                .isEmpty();
        assertThat(store.roomPostAnswer(alice.id(), "k2", since)).as("the post was not stored; its key is free")
                .isEmpty();
        assertThat(store.changeRoom(keyedPost(room, 2, 1, "fresh", new RoomPostKey(alice.id(), "k2", "{}", since))))
                .isPresent();
        assertThat(store.roomPosts(room.id())).extracting(RoomPost::text).containsExactly("first", "fresh");
    }

    @Test
    void anExpiredPostKeyIsTakenAnewAndPrunedWithTheSendKeys() {
        Room room = create("debate").room();
        String old = "2000-01-01T00:00:00.000Z";
        assertThat(store.changeRoom(keyedPost(room, 1, 0, "long ago", new RoomPostKey(alice.id(), "k3", "{\"old\":1}",
                old)))).isPresent();
        String later = "2999-01-01T00:00:00.000Z"; // every key made before this is expired
        assertThat(store.roomPostAnswer(alice.id(), "k3", later)).isEmpty();
        assertThat(store.changeRoom(keyedPost(room, 2, 1, "now", new RoomPostKey(alice.id(), "k3", "{\"new\":1}",
                later)))).as("an expired key is no retry").isPresent();
        assertThat(store.roomPostAnswer(alice.id(), "k3", old)).contains("{\"new\":1}");
        assertThat(store.pruneIdempotency(later)).isEqualTo(1);
        assertThat(store.roomPostAnswer(alice.id(), "k3", old)).isEmpty();
    }
}
