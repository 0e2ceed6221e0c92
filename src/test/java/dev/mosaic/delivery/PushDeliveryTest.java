package dev.mosaic.delivery;

import dev.mosaic.testing.ApiClient;
import dev.mosaic.testing.FakeChannel;
import dev.mosaic.testing.FakeChannel.Mode;
import dev.mosaic.testing.TestHub;
import dev.mosaic.testing.TestHub.Pane;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Push, fallback and catch-up against a real HTTP receiver standing in for a channel. */
class PushDeliveryTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path home;

    TestHub hub;
    Pane alice;
    Pane bob;
    final List<FakeChannel> channels = new ArrayList<>();

    @BeforeEach
    void start() {
        hub = new TestHub(home);
        alice = hub.join("Alice");
        bob = hub.join("Bob");
    }

    @AfterEach
    void stop() {
        hub.close();
        channels.forEach(FakeChannel::close);
    }

    FakeChannel channel() {
        FakeChannel c = new FakeChannel();
        channels.add(c);
        return c;
    }

    String delivery(Pane p) {
        return hub.pane(p.id()).path("delivery").asString();
    }

    @Test
    void aRegisteredChannelGetsEachMessagePushedOnceInOrder() {
        FakeChannel ch = channel();
        ch.register(hub, bob);
        assertThat(delivery(bob)).isEqualTo("push");
        for (int i = 0; i < 20; i++) {
            hub.send(alice.token(), "Bob", "m" + i);
        }
        await().atMost(PATIENCE).until(() -> ch.accepted().size() == 20);
        assertThat(ch.acceptedTexts()).containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(i -> "m" + i).toList());
        JsonNode first = ch.accepted().getFirst();
        assertThat(first.path("from_name").asString()).isEqualTo("Alice");
        assertThat(first.path("id").asString()).isNotBlank();
        assertThat(first.path("thread_id").asString()).isEqualTo(first.path("id").asString());
        assertThat(first.has("redelivered")).isFalse();

        String id = first.path("id").asString();
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode m = hub.api().get(hub.op(), "/api/v1/messages/" + id).json();
            assertThat(m.path("status").asString()).isEqualTo("pushed");
            assertThat(m.path("delivered_via").asString()).isEqualTo("push");
        });
        assertThat(hub.inbox(bob, "")).as("a pushed message is never returned by a poll").isEmpty();
        assertThat(hub.pane(bob.id()).path("unread").asLong()).as("pushed is not yet read").isEqualTo(20);
    }

    @Test
    void whatQueuesWhileAPushIsOutGoesInOnePushAndArrivesAsThatManyMessagesInOrder() {
        FakeChannel ch = channel();
        ch.register(hub, bob);
        ch.hold();
        hub.send(alice.token(), "Bob", "first");
        await().atMost(PATIENCE).until(() -> ch.attempts() == 1);
        for (int i = 0; i < 10; i++) {
            hub.send(alice.token(), "Bob", "queued" + i);
        }
        ch.letGo();
        await().atMost(PATIENCE).until(() -> ch.accepted().size() == 11);
        assertThat(ch.acceptedTexts()).containsExactlyElementsOf(Stream.concat(Stream.of("first"),
                IntStream.range(0, 10).mapToObj(i -> "queued" + i)).toList());
        assertThat(ch.batchSizes()).as("the ten that queued meanwhile went in one push").containsExactly(1, 10);
        assertThat(ch.accepted()).noneMatch(m -> m.path("redelivered").asBoolean(false));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(ch.accepted()).allSatisfy(m -> assertThat(
                hub.api().get(hub.op(), "/api/v1/messages/" + m.path("id").asString()).json().path("status")
                        .asString()).isEqualTo("pushed")));
        assertThat(hub.inbox(bob, "")).as("pushed once, never polled too").isEmpty();
    }

    @Test
    void queuedMessagesAreCaughtUpOldestFirstOnRegistration() {
        for (int i = 0; i < 5; i++) {
            hub.send(alice.token(), "Bob", "early" + i);
        }
        FakeChannel ch = channel();
        ch.register(hub, bob);
        hub.send(alice.token(), "Bob", "late");
        await().atMost(PATIENCE).until(() -> ch.accepted().size() == 6);
        assertThat(ch.acceptedTexts()).containsExactly("early0", "early1", "early2", "early3", "early4", "late");
    }

    @Test
    void aDeadChannelFallsBackToPollingWithNothingLost() {
        FakeChannel ch = channel();
        ch.register(hub, bob);
        ch.close(); // the channel's process died: connection refused from now on
        hub.send(alice.token(), "Bob", "while dead 1");
        hub.send(alice.token(), "Bob", "while dead 2");
        await().atMost(PATIENCE).until(() -> delivery(bob).equals("poll"));
        // The hub keeps retrying the dead channel, and a poll returns nothing while an older message is being
        // pushed (order): poll until both came, as an agent would.
        List<JsonNode> polled = new ArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            hub.inbox(bob, "").valueStream().forEach(polled::add);
            return polled.size() >= 2;
        });
        assertThat(polled.stream().map(m -> m.path("text").asString()))
                .containsExactly("while dead 1", "while dead 2");
        assertThat(polled.getFirst().path("redelivered").asBoolean(false))
                .as("a refused connection proves the agent never saw it").isFalse();
    }

    @Test
    void aRefusingChannelIsMarkedDownThenRecoversAndCatchesUp() {
        FakeChannel ch = channel();
        ch.mode(Mode.REFUSE);
        ch.register(hub, bob);
        hub.send(alice.token(), "Bob", "r1");
        await().atMost(PATIENCE).until(() -> delivery(bob).equals("poll"));
        hub.send(alice.token(), "Bob", "r2");
        ch.mode(Mode.ACCEPT);
        await().atMost(PATIENCE).until(() -> ch.accepted().size() == 2);
        assertThat(ch.acceptedTexts()).containsExactly("r1", "r2");
        await().atMost(PATIENCE).until(() -> delivery(bob).equals("push"));
    }

    @Test
    void aPushThatTimesOutComesBackMarkedRedelivered() {
        FakeChannel ch = channel();
        ch.mode(Mode.HANG);
        ch.register(hub, bob);
        hub.send(alice.token(), "Bob", "maybe seen");
        await().atMost(PATIENCE).until(() -> ch.attempts() >= 1);
        FakeChannel fresh = channel();
        await().atMost(PATIENCE).untilAsserted(() -> {
            // the hung push times out after 2 s and the message returns to the queue
            JsonNode peek = hub.inbox(bob, "?peek=true");
            assertThat(peek).hasSize(1);
            assertThat(peek.get(0).path("redelivered").asBoolean(false)).isTrue();
        });
        fresh.register(hub, bob);
        await().atMost(PATIENCE).until(() -> fresh.accepted().size() == 1);
        assertThat(fresh.accepted().getFirst().path("redelivered").asBoolean(false)).isTrue();
    }

    @Test
    void theLatestRegistrationWinsAndAStaleUnregisterChangesNothing() {
        FakeChannel old = channel();
        FakeChannel current = channel();
        old.register(hub, bob);
        current.register(hub, bob);
        ApiClient.Answer stale = hub.api().delete(bob.token(), "/api/v1/panes/" + bob.id() + "/channel",
                "{\"port\":" + old.port() + "}");
        assertThat(stale.status()).isEqualTo(204);
        assertThat(delivery(bob)).isEqualTo("push");
        hub.send(alice.token(), "Bob", "to the newest");
        await().atMost(PATIENCE).until(() -> current.accepted().size() == 1);
        assertThat(old.accepted()).isEmpty();
    }

    @Test
    void aWrongSecretIsAFailedPushNotADelivery() {
        FakeChannel ch = channel();
        hub.api().put(bob.token(), "/api/v1/panes/" + bob.id() + "/channel",
                "{\"port\":" + ch.port() + ",\"secret\":\"not-the-channels-secret\"}");
        hub.send(alice.token(), "Bob", "guarded");
        await().atMost(PATIENCE).until(() -> delivery(bob).equals("poll"));
        assertThat(ch.accepted()).isEmpty();
        assertThat(hub.inbox(bob, "").valueStream().map(m -> m.path("text").asString())).containsExactly("guarded");
    }

    @Test
    void aStrangerOnADeadChannelsPortLearnsNoSecretAndItsAnswerDeliversNothing() {
        FakeChannel dead = channel();
        dead.register(hub, bob);
        int port = dead.port();
        dead.close(); // the channel died without unregistering; another process takes its port
        FakeChannel stranger = new FakeChannel(port);
        channels.add(stranger);
        stranger.mode(Mode.STRANGER);

        String id = hub.send(alice.token(), "Bob", "for Bob only").get(0).path("id").asString();
        await().atMost(PATIENCE).until(() -> delivery(bob).equals("poll"));
        assertThat(stranger.heard()).as("the hub pushed to the stranger").isNotEmpty();
        assertThat(stranger.heard()).as("no request carries the channel's secret")
                .noneMatch(request -> request.contains(dead.secret));
        JsonNode m = hub.api().get(hub.op(), "/api/v1/messages/" + id).json();
        assertThat(m.path("status").asString()).as("a 204 without proof is not a delivery").isEqualTo("queued");

        FakeChannel fresh = channel();
        fresh.register(hub, bob);
        await().atMost(PATIENCE).until(() -> fresh.accepted().size() == 1);
        assertThat(fresh.acceptedTexts()).containsExactly("for Bob only");
        assertThat(fresh.accepted().getFirst().path("redelivered").asBoolean(false))
                .as("the agent never saw it: the stranger is not its channel").isFalse();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                hub.api().get(hub.op(), "/api/v1/messages/" + id).json().path("status").asString())
                .isEqualTo("pushed"));
        assertThat(hub.inbox(bob, "")).as("pushed once, never polled too").isEmpty();
        assertThat(fresh.accepted()).hasSize(1);
    }

    @Test
    void aStrangerOnADeadChannelsPortHearsOneMessageAtMostBeforeTheRegistrationIsDropped() throws SQLException {
        FakeChannel dead = channel();
        dead.register(hub, bob);
        int port = dead.port();
        dead.close();
        FakeChannel stranger = new FakeChannel(port);
        channels.add(stranger);
        stranger.mode(Mode.STRANGER);

        hub.send(alice.token(), "Bob", "first");
        await().atMost(PATIENCE).until(() -> registrations(bob) == 0);
        hub.send(alice.token(), "Bob", "second");
        hub.send(alice.token(), "Bob", "third");
        assertThat(delivery(bob)).isEqualTo("poll");
        assertThat(hub.inbox(bob, "")).as("everything waits for Bob, in order")
                .extracting(m -> m.path("text").asString()).containsExactly("first", "second", "third");
        assertThat(stranger.heard()).as("a 2xx without proof ends pushing there at once").hasSize(1);
    }

    @Test
    void aRegistrationWhosePushesKeepFailingExpiresAndTheChannelCanRegisterAgain() throws SQLException {
        hub.close();
        // Expiry after a second of failing, instead of minutes; every other rule as in the other tests.
        hub = new TestHub(home, c -> c.withRetry(new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(400), 3,
                Duration.ofSeconds(1))));
        FakeChannel dead = channel();
        dead.register(hub, bob);
        dead.close(); // the channel's process died without unregistering
        hub.send(alice.token(), "Bob", "while dead");
        await().atMost(PATIENCE).until(() -> registrations(bob) == 0);
        assertThat(delivery(bob)).isEqualTo("poll");

        // The channel comes back (it registers again once it reaches the hub): catch-up, exactly once.
        FakeChannel back = channel();
        back.register(hub, bob);
        await().atMost(PATIENCE).until(() -> back.accepted().size() == 1);
        assertThat(back.acceptedTexts()).containsExactly("while dead");
        assertThat(registrations(bob)).isEqualTo(1);
        assertThat(delivery(bob)).isEqualTo("push");
    }

    @Test
    void aFailingChannelThatRecoversBeforeTheExpiryKeepsItsRegistration() throws SQLException {
        FakeChannel ch = channel();
        ch.mode(Mode.REFUSE);
        ch.register(hub, bob);
        hub.send(alice.token(), "Bob", "r1");
        await().atMost(PATIENCE).until(() -> ch.attempts() >= 5);
        ch.mode(Mode.ACCEPT);
        await().atMost(PATIENCE).until(() -> ch.accepted().size() == 1);
        assertThat(registrations(bob)).as("the default expiry is minutes away").isEqualTo(1);
    }

    /** How many channel registrations the hub keeps for a pane, read from its database. */
    private long registrations(Pane p) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("mosaic.db"));
             PreparedStatement st = c.prepareStatement("SELECT count(*) FROM channels WHERE pane_id = ?")) {
            st.setString(1, p.id());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void aSlowChannelDoesNotHoldUpAnotherPane() {
        Pane carol = hub.join("Carol");
        FakeChannel slow = channel();
        slow.mode(Mode.HANG);
        slow.register(hub, bob);
        FakeChannel fast = channel();
        fast.register(hub, carol);
        hub.send(alice.token(), "Bob", "stuck");
        await().atMost(PATIENCE).until(() -> slow.attempts() >= 1);
        hub.send(alice.token(), "Carol", "quick");
        await().atMost(PATIENCE).until(() -> fast.accepted().size() == 1);
        assertThat(slow.attempts()).as("Carol's push went out while Bob's first push still hung").isEqualTo(1);
    }
}
