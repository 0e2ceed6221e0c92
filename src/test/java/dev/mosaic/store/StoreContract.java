package dev.mosaic.store;

import dev.mosaic.model.AgentState;
import dev.mosaic.model.DeliveredVia;
import dev.mosaic.model.Message;
import dev.mosaic.model.MessageIds;
import dev.mosaic.model.MessageStatus;
import dev.mosaic.model.Pane;
import dev.mosaic.model.PaneKind;
import dev.mosaic.model.PaneProcess;
import dev.mosaic.model.PaneStatus;
import dev.mosaic.model.TerminalSize;
import dev.mosaic.model.Timestamps;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.OptionalInt;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The store's state machine, the same for every database: a subclass supplies only the store. Each transition is
 * guarded by its source state, so a stale actor changes nothing and no message is both pushed and polled.
 */
abstract class StoreContract {
    private final MessageIds ids = new MessageIds();
    Store store;
    Pane bob;

    abstract Store openStore();

    @BeforeEach
    void open() {
        store = openStore();
        bob = pane("Bob");
    }

    @AfterEach
    void close() {
        store.close();
    }

    Pane pane(String name) {
        return store.createPane(new NewPane(UUID.randomUUID().toString(), name, PaneKind.JOINED,
                UUID.randomUUID().toString(), Timestamps.now()));
    }

    Message message(String text) {
        String id = ids.next();
        return new Message(id, 0, "operator", "operator", bob.id(), bob.name(), null, text, id, null,
                Timestamps.now(), MessageStatus.QUEUED, null, null, null, null, false);
    }

    Message send(String text) {
        SendResult r = store.send(new SendBatch(List.of(message(text)), "operator", null, null, null, null));
        return ((SendResult.Stored) r).messages().getFirst();
    }

    @Test
    void aSendClaimsTheOldestQueuedPushesForAnIdleLaneInItsOwnTransactionButNeverASecondInFlight() {
        Message older = send("older");
        SendResult r = store.send(new SendBatch(List.of(message("newer")), "operator", null, null, null, null,
                Set.of(bob.id())));
        Message newer = ((SendResult.Stored) r).messages().getFirst();
        assertThat(((SendResult.Stored) r).claimed()).as("the queued ones, oldest first, as one batch")
                .map(Message::id).containsExactly(older.id(), newer.id());
        assertThat(store.claimNextPush(bob.id())).as("one push in flight per pane").isEmpty();
        SendResult again = store.send(new SendBatch(List.of(message("third")), "operator", null, null, null, null,
                Set.of(bob.id())));
        assertThat(((SendResult.Stored) again).claimed()).as("one push in flight per pane").isEmpty();
        assertThat(store.markPushed(older.id())).isTrue();
    }

    @Test
    void aSendToAnIdleLaneWithNothingQueuedStoresItsMessageClaimedAsTheLanesOwnClaimWould() {
        String before = Timestamps.now();
        SendResult r = store.send(new SendBatch(List.of(message("first")), "operator", null, null, null, null,
                Set.of(bob.id())));
        Message first = ((SendResult.Stored) r).messages().getFirst();
        assertThat(first.status()).as("what the sender is told").isEqualTo(MessageStatus.QUEUED);
        assertThat(((SendResult.Stored) r).claimed()).as("handed to the lane")
                .containsExactly(first.withStatus(MessageStatus.PUSHING));
        assertThat(store.message(first.id()).orElseThrow().status()).isEqualTo(MessageStatus.PUSHING);
        assertThat(store.claimNextPush(bob.id())).as("one push in flight per pane").isEmpty();
        assertThat(store.releaseStalePushes(before)).as("claimed when it was stored, not before").isEmpty();
        assertThat(store.releaseAllPushes()).as("a claim of this hub's, released at its restart").isEqualTo(1);
        assertThat(store.claimNextPush(bob.id())).map(Message::redelivered).contains(true);
    }

    @Test
    void aSendClaimsNothingForALaneWithAPushInFlightAndStoresItsMessageQueued() {
        Message inFlight = send("in flight");
        assertThat(store.claimNextPush(bob.id())).map(Message::id).contains(inFlight.id());
        SendResult r = store.send(new SendBatch(List.of(message("next")), "operator", null, null, null, null,
                Set.of(bob.id())));
        assertThat(((SendResult.Stored) r).claimed()).isEmpty();
        Message next = ((SendResult.Stored) r).messages().getFirst();
        assertThat(store.message(next.id()).orElseThrow().status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(store.markPushed(inFlight.id())).isTrue();
        assertThat(store.claimNextPush(bob.id())).map(Message::id).contains(next.id());
    }

    @Test
    void aBatchIsClaimedOldestFirstUpToItsLimitMarkedPushedInOneWriteAndReleasedWhole() {
        List<Message> sent = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(send("b" + i));
        }
        List<Message> batch = store.claimPushes(bob.id(), 3);
        assertThat(batch).map(Message::id).as("the three oldest, in seq order")
                .containsExactly(sent.get(0).id(), sent.get(1).id(), sent.get(2).id());
        assertThat(store.claimPushes(bob.id(), 3)).as("nothing more while a batch is in flight").isEmpty();
        assertThat(store.takeInbox(bob.id(), 10)).as("a poll waits behind the batch in flight").isEmpty();

        assertThat(store.releasePushes(batch.stream().map(Message::id).toList(), true))
                .containsExactlyElementsOf(batch.stream().map(Message::id).toList());
        List<Message> again = store.claimPushes(bob.id(), 10);
        assertThat(again).map(Message::id).as("released whole: all five, still in order")
                .containsExactlyElementsOf(sent.stream().map(Message::id).toList());
        assertThat(again.subList(0, 3)).as("a push that broke off may have been seen").allMatch(Message::redelivered);
        assertThat(again.subList(3, 5)).noneMatch(Message::redelivered);

        assertThat(store.markAllPushed(again.stream().map(Message::id).toList(), DeliveredVia.PUSH))
                .hasSize(5);
        assertThat(sent).allSatisfy(m -> assertThat(store.message(m.id()).orElseThrow().status())
                .isEqualTo(MessageStatus.PUSHED));
        assertThat(store.markAllPushed(List.of(sent.getFirst().id()), DeliveredVia.PUSH))
                .as("already pushed: nothing changes").isEmpty();
    }

    @Test
    void aSpawnedPaneRecordsItsProcessItsSizeAndItsExit() {
        Pane w = store.createPane(new NewPane(UUID.randomUUID().toString(), "Worker", PaneKind.SPAWNED,
                UUID.randomUUID().toString(), Timestamps.now()));
        assertThat(store.pane(w.id()).orElseThrow().process()).as("not started yet").isEmpty();
        store.recordProcess(w.id(), new PaneProcess(4242, "/tmp", new TerminalSize(120, 32), OptionalInt.empty()));
        store.resizePane(w.id(), new TerminalSize(90, 20));
        PaneProcess p = store.pane(w.id()).orElseThrow().process().orElseThrow();
        assertThat(p.pid()).isEqualTo(4242);
        assertThat(p.size()).isEqualTo(new TerminalSize(90, 20));
        assertThat(p.exitCode()).isEmpty();
        assertThat(store.markExited(w.id(), 7)).isTrue();
        assertThat(store.markExited(w.id(), 7)).as("already exited").isFalse();
        Pane exited = store.pane(w.id()).orElseThrow();
        assertThat(exited.status()).isEqualTo(PaneStatus.EXITED);
        assertThat(exited.process().orElseThrow().exitCode()).hasValue(7);
        assertThat(store.stopPane(w.id())).as("an exited pane may be stopped").isTrue();
    }

    @Test
    void atStartLiveSpawnedPanesBecomeExitedAndJoinedOnesStay() {
        Pane w = store.createPane(new NewPane(UUID.randomUUID().toString(), "Worker", PaneKind.SPAWNED,
                UUID.randomUUID().toString(), Timestamps.now()));
        assertThat(store.exitOrphanedPanes()).isEqualTo(1);
        assertThat(store.pane(w.id()).orElseThrow().status()).isEqualTo(PaneStatus.EXITED);
        assertThat(store.pane(bob.id()).orElseThrow().status()).isEqualTo(PaneStatus.LIVE);
    }

    @Test
    void aRefusedSpawnsPaneIsDeletedButAPaneWithMessagesIsNot() {
        Pane w = store.createPane(new NewPane(UUID.randomUUID().toString(), "Worker", PaneKind.SPAWNED,
                UUID.randomUUID().toString(), Timestamps.now()));
        assertThat(store.deletePane(w.id())).isTrue();
        assertThat(store.pane(w.id())).isEmpty();
        assertThat(store.livePanesNamed("Worker")).isEmpty();
        send("keep me");
        assertThat(store.deletePane(bob.id())).isFalse();
        assertThat(store.pane(bob.id())).isPresent();
    }

    @Test
    void seqGrowsWithEverySend() {
        long a = send("a").seq();
        long b = send("b").seq();
        assertThat(b).isGreaterThan(a);
    }

    @Test
    void aClaimedMessageIsInvisibleToPollsUntilReleased() {
        Message m = send("one");
        assertThat(store.claimNextPush(bob.id())).map(Message::id).contains(m.id());
        assertThat(store.takeInbox(bob.id(), 10)).isEmpty();
        assertThat(store.claimNextPush(bob.id())).as("one push in flight per pane").isEmpty();
        assertThat(store.releasePush(m.id(), false)).isTrue();
        assertThat(store.takeInbox(bob.id(), 10)).extracting(Message::id).containsExactly(m.id());
        assertThat(store.claimNextPush(bob.id())).as("a polled message is never pushed").isEmpty();
    }

    @Test
    void aPollNeverOvertakesAPushInFlight() {
        Message first = send("first");
        send("second");
        assertThat(store.claimNextPush(bob.id())).map(Message::id).contains(first.id());
        assertThat(store.takeInbox(bob.id(), 10)).as("second waits behind first").isEmpty();
        store.markPushed(first.id());
        assertThat(store.takeInbox(bob.id(), 10)).extracting(Message::text).containsExactly("second");
    }

    @Test
    void transitionsFromTheWrongStateChangeNothing() {
        Message m = send("x");
        assertThat(store.markPushed(m.id())).as("not claimed").isFalse();
        assertThat(store.releasePush(m.id(), true)).as("not claimed").isFalse();
        store.claimNextPush(bob.id());
        assertThat(store.markRead(m.id(), bob.id())).isPresent();
        assertThat(store.markPushed(m.id())).as("read meanwhile: the pusher lost").isFalse();
        assertThat(store.message(m.id()).orElseThrow().status()).isEqualTo(MessageStatus.READ);
        assertThat(store.markRead(m.id(), bob.id())).as("already read").isEmpty();
        assertThat(store.markRead(m.id(), "someone-else")).isEmpty();
    }

    @Test
    void anUncertainPushComesBackRedeliveredAndRestartReleasesEveryClaim() {
        Message a = send("a");
        store.claimNextPush(bob.id());
        store.releasePush(a.id(), true);
        assertThat(store.peekInbox(bob.id(), 10).getFirst().redelivered()).isTrue();
        store.claimNextPush(bob.id());
        assertThat(store.releaseAllPushes()).isEqualTo(1);
        assertThat(store.peekInbox(bob.id(), 10)).extracting(Message::status).containsExactly(MessageStatus.QUEUED);
    }

    @Test
    void onlyAClaimOlderThanTheBoundIsSweptBackToTheQueue() {
        Message a = send("a");
        store.claimNextPush(bob.id());
        assertThat(store.releaseStalePushes("2000-01-01T00:00:00.000Z")).as("claimed after the bound").isEmpty();
        assertThat(store.releaseStalePushes("2999-01-01T00:00:00.000Z")).extracting(Message::id)
                .containsExactly(a.id());
        assertThat(store.markPushed(a.id())).as("the stale pusher changes nothing now").isFalse();
        assertThat(store.takeInbox(bob.id(), 10)).singleElement().matches(Message::redelivered);
    }

    @Test
    void namesAreUniqueAmongLivePanesOnly() {
        assertThatThrownBy(() -> pane("BOB")).isInstanceOf(NameTakenException.class);
        assertThat(store.stopPane(bob.id())).isTrue();
        assertThat(store.stopPane(bob.id())).as("already stopped").isFalse();
        assertThat(pane("bob").name()).isEqualTo("bob");
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstAnswer() {
        String id = ids.next();
        Message m = new Message(id, 0, "operator", "operator", bob.id(), bob.name(), null, "once", id, null,
                Timestamps.now(), MessageStatus.QUEUED, null, null, null, null, false);
        SendBatch batch = new SendBatch(List.of(m), "operator", null, "key", "{\"first\":true}", "2000-01-01T00:00:00.000Z");
        assertThat(store.send(batch)).isInstanceOf(SendResult.Stored.class);
        assertThat(store.send(batch)).isEqualTo(new SendResult.Replayed("{\"first\":true}"));
        assertThat(store.peekInbox(bob.id(), 10)).hasSize(1);
    }

    @Test
    void idempotencyKeysOlderThanTheCutOffArePruned() {
        String id = ids.next();
        Message m = new Message(id, 0, "operator", "operator", bob.id(), bob.name(), null, "once", id, null,
                "2026-11-20T10:00:00.000Z", MessageStatus.QUEUED, null, null, null, null, false);
        store.send(new SendBatch(List.of(m), "operator", null, "old-key", "{}", "2000-01-01T00:00:00.000Z"));
        assertThat(store.pruneIdempotency("2026-11-20T09:00:00.000Z")).as("younger than the cut-off").isZero();
        assertThat(store.pruneIdempotency("2026-11-21T10:00:00.000Z")).isEqualTo(1);
        assertThat(store.idempotentResponse("operator", "old-key", "2000-01-01T00:00:00.000Z")).isEmpty();
    }

    @Test
    void aNewRegistrationReplacesTheOldAndAStaleRemovalIsIgnored() {
        ChannelRegistration first = new ChannelRegistration(bob.id(), 1111, "s1", false, Timestamps.now());
        ChannelRegistration second = new ChannelRegistration(bob.id(), 2222, "s2", false, Timestamps.now());
        store.putChannel(first);
        store.putChannel(second);
        assertThat(store.removeChannel(bob.id(), 1111)).isFalse();
        assertThat(store.setChannelDown(first, true)).isFalse();
        assertThat(store.expireChannel(first)).isFalse();
        assertThat(store.channel(bob.id())).map(ChannelRegistration::port).contains(2222);
        assertThat(store.setChannelDown(second, true)).isTrue();
        assertThat(store.channels()).singleElement().matches(ChannelRegistration::down);
        assertThat(store.removeChannel(bob.id(), 2222)).isTrue();
        assertThat(store.channels()).isEmpty();
    }

    /**
     * A new channel of the pane may get its dead predecessor's very port: the pusher's failures against the old one
     * must not mark the new one down, nor expire it (its messages would wait for a poll it never makes).
     */
    @Test
    void aNewChannelOnItsPredecessorsPortIsNotTouchedByTheOldOnesFailures() {
        ChannelRegistration dead = new ChannelRegistration(bob.id(), 3333, "dead-secret", false, Timestamps.now());
        ChannelRegistration fresh = new ChannelRegistration(bob.id(), 3333, "fresh-secret", false, Timestamps.now());
        store.putChannel(dead);
        store.putChannel(fresh);
        assertThat(store.setChannelDown(dead, true)).isFalse();
        assertThat(store.expireChannel(dead)).isFalse();
        assertThat(store.channel(bob.id())).hasValueSatisfying(c -> {
            assertThat(c.secret()).isEqualTo("fresh-secret");
            assertThat(c.down()).isFalse();
        });
        assertThat(store.expireChannel(fresh)).isTrue();
    }

    @Test
    void aStoppedPaneKeepsNoChannelRegistration() {
        assertThat(store.stopPane(bob.id())).isTrue();
        assertThat(store.putChannel(new ChannelRegistration(bob.id(), 1111, "s1", false, Timestamps.now())))
                .isFalse();
        assertThat(store.channels()).as("registering raced with the stop and lost").isEmpty();
    }

    @Test
    void concurrentWritesCommitTogetherAndAFailingOneTakesNothingWithIt() throws Exception {
        int writers = 16;
        int each = 40;
        java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(writers)) {
            for (int w = 0; w < writers; w++) {
                int writer = w;
                results.add(pool.submit(() -> {
                    boolean refused = false;
                    for (int i = 0; i < each; i++) {
                        send("w" + writer + "-" + i);
                        try {
                            // Its first row goes in, its second breaks the unique id: the whole send must vanish.
                            Message half = message("half of a broken send");
                            store.send(new SendBatch(List.of(half, half), "operator", null, null, null, null));
                        } catch (StoreUnavailableException e) {
                            refused = true;
                        }
                    }
                    return refused;
                }));
            }
            for (var r : results) {
                assertThat(r.get()).isTrue();
            }
        }
        List<Message> all = store.peekInbox(bob.id(), 100);
        assertThat(store.unreadCounts().get(bob.id())).isEqualTo((long) writers * each);
        assertThat(all).extracting(Message::seq).isSorted();
    }

    // ---- seen receipts (DESIGN §10)

    private Message pushed(String text) {
        Message m = send(text);
        assertThat(store.claimNextPush(bob.id())).map(Message::id).contains(m.id());
        assertThat(store.markPushed(m.id())).isTrue();
        return m;
    }

    private void agent(Pane pane, AgentState state, String since) {
        assertThat(store.putAgentSession(new AgentSession(pane.id(), "s", state, since))).isTrue();
    }

    @Test
    void aReceiptMarksOnlyAMessagePushedToThatPaneAndOnlyOnce() {
        Pane carol = pane("Carol");
        Message toBob = pushed("pushed");
        Message queued = send("queued");
        String carols = ((SendResult.Stored) store.send(new SendBatch(List.of(new Message(ids.next(), 0, "operator",
                "operator", carol.id(), carol.name(), null, "for carol", "t", null, Timestamps.now(),
                MessageStatus.QUEUED, null, null, null, null, false)), "operator", null, null, null, null)))
                .messages().getFirst().id();
        SeenResult r = store.markSeen(bob.id(), List.of(queued.id(), toBob.id(), carols, "no-such-id"),
                "2026-12-01T10:00:00.000Z");
        assertThat(r.seen()).extracting(Message::id).containsExactly(toBob.id());
        assertThat(r.seen().getFirst().seenAt()).isEqualTo("2026-12-01T10:00:00.000Z");
        assertThat(store.message(toBob.id()).orElseThrow().seenAt()).isEqualTo("2026-12-01T10:00:00.000Z");
        assertThat(store.message(queued.id()).orElseThrow().seenAt()).as("never pushed").isNull();
        assertThat(store.markSeen(bob.id(), List.of(toBob.id()), "2026-12-01T11:00:00.000Z").seen())
                .as("seen already").isEmpty();
    }

    @Test
    void anUnseenPushToAnIdleAgentGoesBackRedeliveredAndItsChannelDown() {
        Pane carol = pane("Carol");
        store.putChannel(new ChannelRegistration(bob.id(), 1111, "s1", false, Timestamps.now()));
        Message m = pushed("into the void");
        String later = "2999-01-01T00:00:00.000Z";
        assertThat(store.requeueUnseen(later)).as("agent state unknown: not Claude Code, never touched").isEmpty();
        agent(bob, AgentState.WORKING, "2000-01-01T00:00:00.000Z");
        assertThat(store.requeueUnseen(later)).as("a working agent takes it in when its turn ends").isEmpty();
        agent(bob, AgentState.IDLE, Timestamps.now());
        agent(carol, AgentState.IDLE, "2000-01-01T00:00:00.000Z");
        assertThat(store.requeueUnseen("2000-01-01T00:00:00.000Z")).as("pushed after the bound").isEmpty();
        assertThat(store.requeueUnseen(later)).extracting(Message::id).containsExactly(m.id());
        Message back = store.message(m.id()).orElseThrow();
        assertThat(back.status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(back.redelivered()).isTrue();
        assertThat(back.deliveredVia()).isNull();
        assertThat(store.channel(bob.id())).hasValueSatisfying(c -> assertThat(c.down() && c.notSeen()).isTrue());
        assertThat(store.setChannelDown(store.channel(bob.id()).orElseThrow(), false))
                .as("only a seen receipt lifts it").isFalse();
        assertThat(store.markSeen(bob.id(), List.of(m.id()), Timestamps.now()).seen())
                .as("a receipt after the requeue records nothing").isEmpty();
    }

    @Test
    void aNotSeenChannelTakesOneProbeAtATimeAndNeverTheMessageThatWentUnseen() {
        store.putChannel(new ChannelRegistration(bob.id(), 1111, "s1", false, Timestamps.now()));
        agent(bob, AgentState.IDLE, "2000-01-01T00:00:00.000Z");
        Message unseen = pushed("unseen");
        store.requeueUnseen("2999-01-01T00:00:00.000Z");
        Message next = send("next");
        assertThat(store.claimNextPush(bob.id())).as("the unseen one waits for a poll, and the next behind it")
                .isEmpty();
        assertThat(store.takeInbox(bob.id(), 10)).extracting(Message::id).containsExactly(unseen.id(), next.id());
        Message probe = send("probe");
        Message after = send("after");
        assertThat(store.claimNextPush(bob.id())).map(Message::id).contains(probe.id());
        assertThat(store.markPushed(probe.id())).isTrue();
        assertThat(store.claimNextPush(bob.id())).as("the probe is not seen yet").isEmpty();
        SeenResult r = store.markSeen(bob.id(), List.of(probe.id()), Timestamps.now());
        assertThat(r.pushRestored()).isTrue();
        assertThat(store.channel(bob.id())).hasValueSatisfying(c -> assertThat(c.down() || c.notSeen()).isFalse());
        assertThat(store.claimNextPush(bob.id())).map(Message::id).contains(after.id());
    }

    @Test
    void aNotSeenChannelThatOffersTheSocketTakesEveryMessageThatWayUntilOneGoesUnseenThere() {
        store.putChannel(new ChannelRegistration(bob.id(), 1111, "s1", false, Timestamps.now(), false, true));
        assertThat(store.channel(bob.id())).hasValueSatisfying(c -> assertThat(c.socket() && !c.socketRoute())
                .isTrue());
        agent(bob, AgentState.IDLE, "2000-01-01T00:00:00.000Z");
        Message unseen = pushed("dropped by Claude Code");
        store.requeueUnseen("2999-01-01T00:00:00.000Z");
        assertThat(store.channel(bob.id())).hasValueSatisfying(c -> assertThat(c.socketRoute()).isTrue());
        Message next = send("next");

        // The unseen one goes again, through the socket, and the next one right behind it: no probe limit.
        assertThat(store.claimNextPush(bob.id())).map(Message::id).contains(unseen.id());
        assertThat(store.markPushed(unseen.id(), DeliveredVia.SOCKET)).isTrue();
        assertThat(store.claimNextPush(bob.id())).map(Message::id).contains(next.id());
        assertThat(store.markPushed(next.id(), DeliveredVia.SOCKET)).isTrue();
        assertThat(store.message(unseen.id()).orElseThrow().deliveredVia()).isEqualTo(DeliveredVia.SOCKET);
        assertThat(store.setChannelDown(store.channel(bob.id()).orElseThrow(), false)).as("the socket delivers: up")
                .isTrue();

        // Seen through the socket: recorded, and the pane stays on the socket (notifications still do not work).
        SeenResult r = store.markSeen(bob.id(), List.of(unseen.id()), Timestamps.now());
        assertThat(r.seen()).extracting(Message::id).containsExactly(unseen.id());
        assertThat(r.pushRestored()).isFalse();
        assertThat(store.channel(bob.id())).hasValueSatisfying(c -> assertThat(c.socketRoute()).isTrue());

        // Unseen through the socket too: back to the queue, and the socket is given up (one probe push at a time).
        assertThat(store.requeueUnseen("2999-01-01T00:00:00.000Z")).extracting(Message::id).containsExactly(next.id());
        assertThat(store.channel(bob.id())).hasValueSatisfying(c -> assertThat(c.notSeen() && c.down()
                && !c.socket()).isTrue());
        assertThat(store.claimNextPush(bob.id())).as("the one unseen twice waits for a poll").isEmpty();

        // A new registration starts clean.
        store.putChannel(new ChannelRegistration(bob.id(), 2222, "s2", false, Timestamps.now(), false, true));
        assertThat(store.channel(bob.id())).hasValueSatisfying(c -> assertThat(c.socket() && !c.notSeen()).isTrue());
    }

    @Test
    void aSocketFirstRegistrationStartsOnTheSocketRouteAndTakesEveryMessage() {
        // A channel whose Claude Code drops notifications (DESIGN §10): registered as not_seen from the start.
        store.putChannel(new ChannelRegistration(bob.id(), 1111, "s1", false, Timestamps.now(), true, true));
        assertThat(store.channel(bob.id())).hasValueSatisfying(c -> assertThat(c.socketRoute() && !c.down())
                .isTrue());
        Message first = send("first");
        Message second = send("second");
        assertThat(store.claimNextPush(bob.id())).map(Message::id).contains(first.id());
        assertThat(store.markPushed(first.id(), DeliveredVia.SOCKET)).isTrue();
        assertThat(store.claimNextPush(bob.id())).as("no probe limit").map(Message::id).contains(second.id());
    }

    @Test
    void aReceiptAndTheSweepRacingNeverBothWin() throws Exception {
        agent(bob, AgentState.IDLE, "2000-01-01T00:00:00.000Z");
        for (int round = 0; round < 30; round++) {
            Message m = pushed("race " + round);
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
                var seen = pool.submit(() -> store.markSeen(bob.id(), List.of(m.id()), Timestamps.now()).seen());
                var requeued = pool.submit(() -> store.requeueUnseen("2999-01-01T00:00:00.000Z"));
                boolean wasSeen = !seen.get().isEmpty();
                boolean wasRequeued = !requeued.get().isEmpty();
                assertThat(wasSeen ^ wasRequeued).as("round %d: seen %s, requeued %s", round, wasSeen, wasRequeued)
                        .isTrue();
                Message now = store.message(m.id()).orElseThrow();
                assertThat(now.status()).isEqualTo(wasSeen ? MessageStatus.PUSHED : MessageStatus.QUEUED);
                assertThat(now.seenAt() != null).isEqualTo(wasSeen);
            }
            store.takeInbox(bob.id(), 10);
        }
    }

    @Test
    void allUnreadIncludesPushedMessagesAndTakingThemKeepsHowTheyCame() {
        Message p = pushed("pushed");
        Message q = send("queued");
        assertThat(store.peekInbox(bob.id(), 10)).extracting(Message::id).containsExactly(q.id());
        assertThat(store.peekUnread(bob.id(), 10)).extracting(Message::id).containsExactly(p.id(), q.id());
        List<Message> taken = store.takeUnread(bob.id(), 10);
        assertThat(taken).extracting(Message::id).containsExactly(p.id(), q.id());
        assertThat(taken).extracting(Message::status).containsOnly(MessageStatus.READ);
        assertThat(taken).extracting(m -> m.deliveredVia().wire()).containsExactly("push", "poll");
        assertThat(store.peekUnread(bob.id(), 10)).isEmpty();
    }

    /** A channel gone quiet (its lease lapsed), as the hub it registered with tells the others (DESIGN §6). */
    @Test
    void aQuietChannelIsToldUntilHeardAgainOrRegisteredAnew() {
        ChannelRegistration r = new ChannelRegistration(bob.id(), 4100, "q".repeat(32), false, Timestamps.now(),
                false, false);
        assertThat(store.setChannelQuiet(bob.id(), true)).as("no registration, nothing to mark").isFalse();
        assertThat(store.putChannel(r)).isTrue();
        assertThat(store.setChannelQuiet(bob.id(), true)).isTrue();
        assertThat(store.quietChannels()).containsExactly(bob.id());
        assertThat(store.setChannelQuiet(bob.id(), false)).isTrue();
        assertThat(store.quietChannels()).isEmpty();
        assertThat(store.setChannelQuiet(bob.id(), true)).isTrue();
        assertThat(store.putChannel(r)).isTrue();
        assertThat(store.quietChannels()).as("a new registration is a channel just heard").isEmpty();
    }

    // ---- search (DESIGN §6)

    Message sendFrom(Pane from, Pane to, String subject, String text) {
        String id = ids.next();
        Message m = new Message(id, 0, from.id(), from.name(), to.id(), to.name(), subject, text, id, null,
                Timestamps.now(), MessageStatus.QUEUED, null, null, null, null, false);
        return ((SendResult.Stored) store.send(new SendBatch(List.of(m), from.id(), null, null, null, null)))
                .messages().getFirst();
    }

    @Test
    void searchFindsMessagesHoldingEveryWordNewestFirstAndAPaneOnlyItsOwn() {
        Pane alice = pane("Alice");
        Pane carol = pane("Carol");
        Message first = sendFrom(alice, bob, "deploy", "the Release notes are ready");
        Message second = sendFrom(bob, alice, null, "release tomorrow, notes attached");
        Message third = sendFrom(alice, carol, null, "release notes for Carol");
        sendFrom(alice, bob, null, "nothing to see");

        assertThat(store.search(SearchTerms.of("release notes"), java.util.Optional.empty(), 10))
                .as("every word, any case, newest first").extracting(Message::id)
                .containsExactly(third.id(), second.id(), first.id());
        assertThat(store.search(SearchTerms.of("deploy ready"), java.util.Optional.empty(), 10))
                .as("the subject counts").extracting(Message::id).containsExactly(first.id());
        assertThat(store.search(SearchTerms.of("release"), java.util.Optional.of(bob.id()), 10))
                .as("Bob's own: received and sent").extracting(Message::id).containsExactly(second.id(), first.id());
        assertThat(store.search(SearchTerms.of("release"), java.util.Optional.empty(), 1)).hasSize(1);
        assertThat(store.search(SearchTerms.of("releases"), java.util.Optional.empty(), 10)).as("no stemming")
                .isEmpty();
        assertThat(store.search(SearchTerms.of(""), java.util.Optional.empty(), 10)).as("no words, no messages").isEmpty();
    }

    @Test
    void aSearchWithTheEnginesOwnSyntaxIsPlainWordsAndNeverFails() {
        Pane alice = pane("Alice");
        Message m = sendFrom(alice, bob, null, "NEAR the AND gate: OR not, text col:umn \"quoted\" star*");
        for (String q : List.of("\"quoted", "AND", "NEAR(gate", "col:umn", "star*", "-gate", "OR not", "(gate)",
                "gate & | ! <->", "'quoted'", "^gate", "text:gate", "\u0000gate")) {
            assertThat(store.search(SearchTerms.of(q), java.util.Optional.empty(), 10)).as(q).extracting(Message::id)
                    .containsExactly(m.id());
        }
        assertThat(store.search(SearchTerms.of("\" * ( ) : -"), java.util.Optional.empty(), 10)).isEmpty();
        Message address = sendFrom(alice, bob, null, "mail bob@example.com about src/main/java and https://x.dev/a-b");
        for (String q : List.of("example", "bob example com", "main java", "x dev", "a b", "https")) {
            assertThat(store.search(SearchTerms.of(q), java.util.Optional.empty(), 10)).as(q).extracting(Message::id)
                    .containsExactly(address.id());
        }
    }
}
