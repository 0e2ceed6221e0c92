package dev.mosaic.delivery;

import dev.mosaic.model.Message;
import dev.mosaic.model.MessageIds;
import dev.mosaic.model.MessageStatus;
import dev.mosaic.model.Pane;
import dev.mosaic.model.PaneKind;
import dev.mosaic.model.Timestamps;
import dev.mosaic.store.ChannelRegistration;
import dev.mosaic.store.JdbcStore;
import dev.mosaic.store.NewPane;
import dev.mosaic.store.SendBatch;
import dev.mosaic.store.SendResult;
import dev.mosaic.store.SqliteDatabase;
import dev.mosaic.store.Store;
import dev.mosaic.store.StoreUnavailableException;
import dev.mosaic.testing.FaultyDatabase;
import dev.mosaic.testing.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A pane's delivery heals itself when the store fails to record a push: the lane retries the transition it could
 * not record, and a sweep returns claims that nobody will settle, so no pane freezes until the hub restarts.
 */
class SelfHealingDeliveryTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    FaultyDatabase db;
    Store store;
    Pane bob;
    final List<String> pushed = new CopyOnWriteArrayList<>();
    final MessageIds ids = new MessageIds();
    final List<String> sent = new CopyOnWriteArrayList<>();
    Pusher pusher;

    final PushClient channel = (reg, batch) -> {
        batch.forEach(m -> pushed.add(m.text()));
        return PushOutcome.DELIVERED;
    };

    final DeliveryListener listener = new DeliveryListener() {
        @Override
        public void pushed(Message message, dev.mosaic.model.DeliveredVia via) {
        }

        @Override
        public void requeued(Message message) {
        }

        @Override
        public void deliveryChanged(String paneId) {
        }
    };

    @BeforeEach
    void open() {
        db = new FaultyDatabase(SqliteDatabase.open(dir.resolve("test.db")));
        store = new JdbcStore(db);
        bob = store.createPane(new NewPane(UUID.randomUUID().toString(), "Bob", PaneKind.JOINED,
                UUID.randomUUID().toString(), Timestamps.now()));
    }

    @AfterEach
    void close() {
        if (pusher != null) {
            pusher.close();
        }
        store.close();
    }

    void send(String text) {
        String id = ids.next();
        Message m = new Message(id, 0, "operator", "operator", bob.id(), bob.name(), null, text, id, null,
                Timestamps.now(), MessageStatus.QUEUED, null, null, null, null, false);
        assertThat(store.send(new SendBatch(List.of(m), "operator", null, null, null, null)))
                .isInstanceOf(SendResult.Stored.class);
        sent.add(id);
        pusher.messageStored(bob.id());
    }

    void register() {
        pusher.start();
        pusher.register(new ChannelRegistration(bob.id(), 4242, "a-secret-of-16-chars", false, Timestamps.now()));
    }

    @Test
    void aPushTheStoreFailedToRecordIsRecordedLaterAndTheLaneMovesOn() {
        pusher = new Pusher(store, channel, TestHub.QUICK_RETRY, listener);
        register();
        db.failStatements("SET status = 'pushed'", 2); // marking the first push done fails twice
        send("one");
        send("two");
        send("three");
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(statuses()).containsExactly(MessageStatus.PUSHED, MessageStatus.PUSHED, MessageStatus.PUSHED));
        assertThat(pushed).as("each pushed once, in order").containsExactly("one", "two", "three");
    }

    @Test
    void aLaneOutlivesAnExceptionFromWhatItTellsAndPushesOn() {
        AtomicBoolean thrown = new AtomicBoolean();
        DeliveryListener throwingOnce = new DeliveryListener() {
            @Override
            public void pushed(Message message, dev.mosaic.model.DeliveredVia via) {
                if (thrown.compareAndSet(false, true)) {
                    throw new IllegalStateException("a bug in whoever listens");
                }
            }

            @Override
            public void requeued(Message message) {
            }

            @Override
            public void deliveryChanged(String paneId) {
            }
        };
        pusher = new Pusher(store, channel, TestHub.QUICK_RETRY, throwingOnce);
        register();
        send("one");
        await().atMost(PATIENCE).until(thrown::get);
        send("two");
        send("three");
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(statuses()).containsExactly(MessageStatus.PUSHED, MessageStatus.PUSHED, MessageStatus.PUSHED));
        assertThat(pushed).as("each pushed once, in order").containsExactly("one", "two", "three");
    }

    @Test
    void aReleaseTheStoreFailedToRecordIsRetriedSoPollsSeeTheMessage() {
        PushClient refusing = (reg, m) -> PushOutcome.REFUSED;
        pusher = new Pusher(store, refusing, TestHub.QUICK_RETRY, listener);
        db.failStatements("ELSE redelivered END", 3); // returning the refused push to the queue fails thrice
        register();
        send("first");
        send("second");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(store.takeInbox(bob.id(), 10))
                .extracting(Message::text).containsExactly("first", "second"));
    }

    @Test
    void aClaimNobodyWillSettleIsSweptBackToTheQueueMarkedRedelivered() {
        pusher = new Pusher(store, channel, TestHub.QUICK_RETRY, listener,
                new ClaimSweep(Duration.ofMillis(300), Duration.ofMillis(100)));
        db.failStatements("SET status = 'pushed'"); // the push is shown, but recording it fails for good
        register();
        send("shown, never recorded");
        await().atMost(PATIENCE).until(() -> pushed.size() == 1);
        pusher.unregister(bob.id(), 4242); // the channel goes away: no lane is left to settle the claim
        db.heal();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(store.takeInbox(bob.id(), 10))
                .singleElement().satisfies(m -> {
                    assertThat(m.text()).isEqualTo("shown, never recorded");
                    assertThat(m.redelivered()).as("the agent may have seen it").isTrue();
                }));
    }

    @Test
    void aBatchShownButNeverRecordedComesBackWholeInOrderMarkedRedeliveredAfterARestart() throws Exception {
        java.util.concurrent.CountDownLatch queued = new java.util.concurrent.CountDownLatch(1);
        List<List<String>> shown = new CopyOnWriteArrayList<>();
        PushClient holding = (reg, batch) -> {
            shown.add(batch.stream().map(Message::text).toList());
            if (shown.size() == 1) {
                try {
                    queued.await(); // the first push is out while the next three queue up behind it
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                db.failStatements("SET status = 'pushed'"); // the batch is shown, but recording it fails: the crash
            }
            return PushOutcome.DELIVERED;
        };
        pusher = new Pusher(store, holding, TestHub.QUICK_RETRY, listener);
        register();
        send("a");
        await().atMost(PATIENCE).until(() -> shown.size() == 1);
        send("b");
        send("c");
        send("d");
        queued.countDown();
        await().atMost(PATIENCE).until(() -> shown.size() == 2);
        assertThat(shown).as("what queued went in one push").containsExactly(List.of("a"), List.of("b", "c", "d"));
        pusher.close(); // the hub goes away with the lane still trying to record the batch
        db.heal();
        assertThat(statuses()).as("the batch is still claimed").containsExactly(MessageStatus.PUSHED,
                MessageStatus.PUSHING, MessageStatus.PUSHING, MessageStatus.PUSHING);

        pusher = new Pusher(store, channel, TestHub.QUICK_RETRY, listener); // the hub starts again
        register();
        await().atMost(PATIENCE).until(() -> pushed.size() == 3);
        assertThat(pushed).as("nothing lost, in order").containsExactly("b", "c", "d");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(statuses()).containsOnly(MessageStatus.PUSHED));
        assertThat(sent.stream().map(id -> store.message(id).orElseThrow().redelivered()))
                .as("the batch may have been seen: each copy says so").containsExactly(false, true, true, true);
    }

    @Test
    void aSendWhoseCommitFailsLeavesNothingBehindAndDeliveryGoesOn() {
        pusher = new Pusher(store, channel, TestHub.QUICK_RETRY, listener);
        db.failCommits(1);
        assertThatThrownBy(() -> send("lost with its commit")).isInstanceOf(StoreUnavailableException.class);
        register();
        send("kept");
        await().atMost(PATIENCE).until(() -> pushed.size() == 1);
        assertThat(pushed).containsExactly("kept");
        assertThat(store.peekInbox(bob.id(), 10)).isEmpty();
    }

    List<MessageStatus> statuses() {
        return sent.stream().map(id -> store.message(id).orElseThrow().status()).toList();
    }
}
