package dev.mosaic.store;

import dev.mosaic.model.Message;
import dev.mosaic.model.MessageStatus;
import dev.mosaic.model.Pane;
import dev.mosaic.model.Timestamps;
import dev.mosaic.testing.PostgresServer;
import dev.mosaic.testing.SharedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The store contract on a real PostgreSQL server (a fresh database per test), and what only a shared database has:
 * several hubs' stores on one database at once (DESIGN.md §6).
 */
@ExtendWith(SharedPostgres.class)
class PostgresStoreTest extends StoreContract {
    private final PostgresServer server;
    private String database;

    PostgresStoreTest(PostgresServer server) {
        this.server = server;
    }

    @Override
    Store openStore() {
        database = server.newMigratedDatabase();
        return hub(JdbcStore.LONE_HUB);
    }

    /** Another hub's store on the same database. */
    private Store hub(String hubId) {
        return new JdbcStore(PostgresDatabase.open(PostgresTarget.parse(server.url(database),
                Optional.of(PostgresServer.PASSWORD))), hubId);
    }

    @Test
    void twoHubsClaimingForOnePaneNeverTakeTheSameMessageNorTwoAtOnce() throws Exception {
        for (int i = 0; i < 40; i++) {
            send("m" + i);
        }
        Set<String> claimed = ConcurrentHashMap.newKeySet();
        AtomicInteger mostInFlight = new AtomicInteger();
        AtomicInteger doubles = new AtomicInteger();
        try (Store a = hub("A"); Store b = hub("B"); var pool = Executors.newFixedThreadPool(2)) {
            List<Future<?>> runs = List.of(a, b).stream().map(s -> pool.submit(() -> {
                int idle = 0;
                while (idle < 50 && claimed.size() < 40) {
                    Optional<Message> m = s.claimNextPush(bob.id());
                    if (m.isEmpty()) {
                        idle++;
                        continue;
                    }
                    // What the database holds in flight while this claim is open (the other hub's included).
                    mostInFlight.accumulateAndGet(pushing(), Math::max);
                    if (!claimed.add(m.get().id())) {
                        doubles.incrementAndGet();
                    }
                    assertThat(s.markPushed(m.get().id())).isTrue();
                }
                return null;
            })).<Future<?>>map(f -> f).toList();
            for (Future<?> f : runs) {
                f.get();
            }
        }
        assertThat(doubles.get()).as("a message claimed twice").isZero();
        assertThat(mostInFlight.get()).as("pushes in flight to one pane at once").isEqualTo(1);
        assertThat(claimed).hasSize(40);
    }

    private int pushing() throws java.sql.SQLException {
        try (java.sql.Connection c = server.connect(database); java.sql.PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*) FROM messages WHERE to_id = ? AND status = 'pushing'")) {
            s.setString(1, bob.id());
            try (java.sql.ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void aHubThatStartsReturnsOnlyItsOwnClaims() {
        Message m = send("claimed by hub A");
        try (Store a = hub("A"); Store b = hub("B")) {
            assertThat(a.claimNextPush(bob.id())).isPresent();
            assertThat(b.releaseAllPushes()).as("hub B starting").isZero();
            assertThat(a.markPushed(m.id())).as("hub A's push still settles").isTrue();
            assertThat(store.message(m.id()).orElseThrow().status()).isEqualTo(MessageStatus.PUSHED);
        }
    }

    @Test
    void aMessageStoredThroughOneHubWakesTheOtherWithThePaneIdOnly() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        try (Store b = hub("B"); AutoCloseable listening = b.onQueued(id -> {
            if (id != null) {
                heard.add(id);
            }
        })) {
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                send("wake up"); // LISTEN starts on its own thread: send until it hears
                return heard.contains(bob.id());
            });
            assertThat(heard).containsOnly(bob.id());
        }
    }

    /**
     * Bob's channel registered with hub A, then with hub B (the channel moved): hub A may no longer claim his messages
     * (its lane would push to the old port), nor remove, nor mark quiet, B's registration, though a channel on another
     * machine has the same port number.
     */
    @Test
    void aRegistrationTakenOverByAnotherHubIsThatHubsAlone() {
        Message m = send("after the move");
        try (Store a = hub("A"); Store b = hub("B")) {
            assertThat(a.putChannel(new ChannelRegistration(bob.id(), 4000, "s".repeat(32), false, Timestamps.now(),
                    false, false))).isTrue();
            assertThat(b.putChannel(new ChannelRegistration(bob.id(), 4000, "t".repeat(32), false, Timestamps.now(),
                    false, false))).isTrue();
            assertThat(a.panesWithRemoteChannels()).containsExactly(bob.id());
            assertThat(a.claimNextPush(bob.id())).as("hub A's stale lane claims nothing").isEmpty();
            assertThat(a.removeChannel(bob.id(), 4000)).as("hub A's channel unregistering, same port").isFalse();
            assertThat(a.setChannelQuiet(bob.id(), true)).as("hub A holds no lease for it").isFalse();
            assertThat(b.quietChannels()).isEmpty();

            assertThat(b.setChannelQuiet(bob.id(), true)).isTrue();
            assertThat(a.quietChannels()).as("hub B's word, seen by A").containsExactly(bob.id());
            assertThat(b.setChannelQuiet(bob.id(), true)).as("no change, no write").isFalse();
            assertThat(b.setChannelQuiet(bob.id(), false)).isTrue();
            assertThat(b.claimNextPush(bob.id())).map(Message::id).contains(m.id());
            assertThat(b.removeChannel(bob.id(), 4000)).isTrue();
        }
    }

    @Test
    void aSilentHubsPanesAreOfflineToTheOthersButNeverToItself() {
        try (Store a = hub("A"); Store b = hub("B")) {
            a.heartbeat(Timestamps.format(Instant.now().minusSeconds(60)));
            b.heartbeat(Timestamps.now());
            Pane onA = a.createPane(new NewPane(java.util.UUID.randomUUID().toString(), "Carol",
                    dev.mosaic.model.PaneKind.JOINED, java.util.UUID.randomUUID().toString(), Timestamps.now()));
            String silentSince = Timestamps.format(Instant.now().minusSeconds(15));
            assertThat(b.panesOfSilentHubs(silentSince)).containsExactly(onA.id());
            assertThat(a.panesOfSilentHubs(silentSince)).as("a running hub is not silent to itself").isEmpty();
            a.heartbeat(Timestamps.now());
            assertThat(b.panesOfSilentHubs(silentSince)).isEmpty();
        }
    }

    /** Search must read the GIN index of V90, not every message: the store's condition repeats its expression. */
    @Test
    void searchReadsTheFullTextIndex() throws Exception {
        send("index me");
        StringBuilder plan = new StringBuilder();
        try (java.sql.Connection c = server.connect(database); java.sql.Statement s = c.createStatement()) {
            s.execute("SET enable_seqscan = off");
            PostgresDatabase dialect = PostgresDatabase.open(PostgresTarget.parse(server.url(database),
                    Optional.of(PostgresServer.PASSWORD)));
            String sql = "EXPLAIN SELECT seq FROM messages m WHERE " + dialect.textMatchCondition().replace("?",
                    "'index'");
            dialect.close();
            try (java.sql.ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        assertThat(plan.toString()).contains("messages_search");
    }
}
