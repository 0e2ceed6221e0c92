package dev.mosaic.hub;

import dev.mosaic.testing.ApiClient;
import dev.mosaic.testing.TestHub;
import dev.mosaic.testing.TestHub.Pane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;

import static dev.mosaic.testing.ApiClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/** Rate limits, the loop guard and a store that cannot write. */
class LimitsTest {
    @TempDir
    Path home;

    @Test
    void aPaneOverItsBurstIsRateLimitedWithRetryAfter() {
        try (TestHub hub = new TestHub(home, c -> c.withSendRate(5, 0.001))) {
            Pane alice = hub.join("Alice");
            hub.join("Bob");
            for (int i = 0; i < 5; i++) {
                hub.send(alice.token(), "Bob", "ok" + i);
            }
            ApiClient.Answer a = hub.api().post(alice.token(), "/api/v1/messages", "{\"to\":\"Bob\",\"text\":\"6\"}");
            assertThat(a.status()).isEqualTo(429);
            assertThat(a.code()).isEqualTo("rate_limited");
            assertThat(a.raw().headers().firstValue("Retry-After")).isPresent();
            assertThat(hub.send(hub.op(), "Bob", "the operator is not limited")).hasSize(1);
        }
    }

    @Test
    void aRunawayReplyLoopIsStoppedUntilTheOperatorSpeaks() {
        try (TestHub hub = new TestHub(home, c -> c.withLoopLimit(6, Duration.ofMinutes(1)))) {
            Pane alice = hub.join("Alice");
            Pane bob = hub.join("Bob");
            java.util.List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            var stream = new dev.mosaic.client.HubClient(new dev.mosaic.client.HubAddress(hub.url(), hub.op(), null))
                    .events();
            Thread.ofVirtual().start(() -> stream.body().forEach(events::add));
            String last = hub.send(alice.token(), "Bob", "ping").get(0).path("id").asString();
            Pane[] turn = {bob, alice};
            int sent = 1;
            ApiClient.Answer refused = null;
            for (int i = 0; i < 10 && refused == null; i++) {
                ApiClient.Answer a = hub.api().post(turn[i % 2].token(), "/api/v1/messages",
                        "{\"reply_to\":" + q(last) + ",\"text\":\"pong " + i + "\"}");
                if (a.status() == 201) {
                    sent++;
                    last = a.json().path("messages").get(0).path("id").asString();
                } else {
                    refused = a;
                }
            }
            assertThat(sent).isEqualTo(6);
            assertThat(refused).isNotNull();
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.code()).isEqualTo("loop_detected");
            String thread = last;
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(events).contains("event: alert");
                assertThat(events).anyMatch(l -> l.contains("\"loop_detected\"") && l.contains(
                        hub.api().get(hub.op(), "/api/v1/messages/" + thread).json().path("thread_id").asString()));
            });
            assertThat(hub.api().post(hub.op(), "/api/v1/messages",
                    "{\"reply_to\":" + q(last) + ",\"text\":\"calm down\"}").status()).isEqualTo(201);
            assertThat(hub.api().post(bob.token(), "/api/v1/messages",
                    "{\"reply_to\":" + q(last) + ",\"text\":\"sorry\"}").status()).isEqualTo(201);
        }
    }

    @Test
    void aLockedDatabaseIsAServiceUnavailableAndNothingIsHalfWritten() throws Exception {
        try (TestHub hub = new TestHub(home)) {
            Pane alice = hub.join("Alice");
            Pane bob = hub.join("Bob");
            hub.send(alice.token(), "Bob", "before the lock");
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("mosaic.db"));
                 Statement s = other.createStatement()) {
                s.execute("BEGIN EXCLUSIVE"); // another process holds the write lock past the hub's busy timeout
                ApiClient.Answer a = hub.api().post(alice.token(), "/api/v1/messages",
                        "{\"to\":[\"Bob\",\"Alice\"],\"text\":\"during the lock\"}");
                assertThat(a.status()).isEqualTo(503);
                assertThat(a.code()).isEqualTo("store_unavailable");
                assertThat(a.error()).contains("locked");
                s.execute("ROLLBACK");
            }
            assertThat(hub.inbox(bob, "").valueStream().map(m -> m.path("text").asString()))
                    .containsExactly("before the lock");
            assertThat(hub.inbox(alice, "")).isEmpty();
            hub.send(alice.token(), "Bob", "after the lock");
            assertThat(hub.inbox(bob, "")).hasSize(1);
        }
    }
}
