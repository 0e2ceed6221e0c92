package dev.mosaic.hub;

import dev.mosaic.testing.ApiClient;
import dev.mosaic.testing.TestHub;
import dev.mosaic.testing.TestHub.Pane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

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
