package dev.mosaic.hub;

import dev.mosaic.testing.ApiClient;
import dev.mosaic.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A pane's posts spend its send rate like its messages; a post refused out of turn spends nothing. */
class RoomLimitsTest {
    @TempDir
    Path home;

    @Test
    void postsSpendTheSendRateAndRefusedOnesDoNot() {
        try (TestHub hub = new TestHub(home, c -> c.withSendRate(2, 0.001))) {
            TestHub.Pane alice = hub.join("Alice");
            TestHub.Pane bob = hub.join("Bob");
            RoomCalls rooms = new RoomCalls(hub);
            rooms.create("rr", "round_robin", 50, "operator", "Alice", "Bob");
            for (int i = 0; i < 3; i++) {
                assertThat(rooms.tryPost(bob.token(), "rr", "out of turn " + i).code()).isEqualTo("not_your_turn");
            }
            rooms.post(alice.token(), "rr", "one");
            rooms.post(bob.token(), "rr", "two");
            rooms.post(alice.token(), "rr", "three");
            ApiClient.Answer fourth = rooms.tryPost(alice.token(), "rr", "more");
            assertThat(fourth.status()).as("Bob's turn: refused before any token").isEqualTo(409);
            rooms.post(bob.token(), "rr", "four");
            ApiClient.Answer limited = rooms.tryPost(alice.token(), "rr", "five");
            assertThat(limited.status()).as("Alice spent her two tokens").isEqualTo(429);
            assertThat(limited.code()).isEqualTo("rate_limited");
            assertThat(rooms.show("rr").path("posts")).hasSize(4);
            assertThat(rooms.post(hub.op(), "rr", "the operator is not limited").path("post").path("turn").asInt())
                    .isEqualTo(5);
        }
    }
}
