package dev.mosaic.hub;

import dev.mosaic.testing.ApiClient;
import dev.mosaic.testing.MovableClock;
import dev.mosaic.testing.TestHub;
import dev.mosaic.testing.TestHub.Pane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static dev.mosaic.testing.ApiClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/** Who may send what: the loop guard, the rate limit and the recipient rules working together. */
class SendRulesTest {
    @TempDir
    Path home;

    @Test
    void sendsTheLoopGuardRefusesSpendNoRateTokens() {
        try (TestHub hub = new TestHub(home, c -> c.withSendRate(4, 0.001).withLoopLimit(2, Duration.ofMinutes(1)))) {
            Pane alice = hub.join("Alice");
            Pane bob = hub.join("Bob");
            String ping = hub.send(alice.token(), "Bob", "ping").get(0).path("id").asString();
            ApiClient.Answer pong = hub.api().post(bob.token(), "/api/v1/messages",
                    "{\"reply_to\":" + q(ping) + ",\"text\":\"pong\"}");
            assertThat(pong.status()).isEqualTo(201);
            String last = pong.json().path("messages").get(0).path("id").asString();
            for (int i = 0; i < 5; i++) {
                ApiClient.Answer refused = hub.api().post(alice.token(), "/api/v1/messages",
                        "{\"reply_to\":" + q(last) + ",\"text\":\"again " + i + "\"}");
                assertThat(refused.code()).as("attempt %d", i).isEqualTo("loop_detected");
            }
            assertThat(hub.send(alice.token(), "Bob", "a fresh topic")).as("Alice spent one token of four").hasSize(1);
        }
    }

    @Test
    void anIdempotencyKeyAnswersForADayThenSendsAnew() {
        MovableClock clock = new MovableClock(Instant.parse("2026-11-24T10:00:00Z"));
        try (TestHub hub = new TestHub(home, c -> c, clock)) {
            Pane alice = hub.join("Alice");
            hub.join("Bob");
            String send = "{\"to\":\"Bob\",\"text\":\"once\",\"idempotency_key\":\"k1\"}";
            ApiClient.Answer first = hub.api().post(alice.token(), "/api/v1/messages", send);
            assertThat(first.status()).isEqualTo(201);
            clock.advance(Duration.ofHours(23));
            ApiClient.Answer retry = hub.api().post(alice.token(), "/api/v1/messages", send);
            assertThat(retry.status()).isEqualTo(200);
            assertThat(retry.json()).isEqualTo(first.json());
            clock.advance(Duration.ofHours(2));
            ApiClient.Answer late = hub.api().post(alice.token(), "/api/v1/messages", send);
            assertThat(late.status()).as("the key expired after 24 h").isEqualTo(201);
            assertThat(late.json()).isNotEqualTo(first.json());
        }
    }

    @Test
    void aReplyToAStoppedPaneIsRefusedLikeASend() {
        try (TestHub hub = new TestHub(home)) {
            Pane alice = hub.join("Alice");
            Pane bob = hub.join("Bob");
            String sent = hub.send(alice.token(), "Bob", "are you there?").get(0).path("id").asString();
            assertThat(hub.api().delete(hub.op(), "/api/v1/panes/" + bob.id(), "").status()).isEqualTo(204);
            ApiClient.Answer reply = hub.api().post(alice.token(), "/api/v1/messages",
                    "{\"reply_to\":" + q(sent) + ",\"text\":\"hello?\"}");
            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.code()).isEqualTo("unknown_recipient");
            assertThat(hub.api().get(hub.op(), "/api/v1/panes/" + bob.id() + "/inbox?peek=true").json()
                    .path("messages")).as("nothing stored for the stopped pane beyond the first").hasSize(1);
        }
    }
}
