package dev.mosaic.hub;

import dev.mosaic.testing.EventLog;
import dev.mosaic.testing.FakeChannel;
import dev.mosaic.testing.MovableClock;
import dev.mosaic.testing.TestHub;
import dev.mosaic.testing.TestHub.Pane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A channel that went quiet, killed while nobody sent to it, stops showing as {@code push} once it missed its health
 * checks for 20 s, with a {@code pane} event; its next health check, or a push it proves, brings {@code push} back.
 */
class ChannelLeaseTest {
    @TempDir
    Path home;

    final MovableClock clock = new MovableClock(Instant.parse("2026-12-02T08:00:00Z"));
    TestHub hub;
    FakeChannel channel;
    Pane alice;

    @BeforeEach
    void start() {
        hub = new TestHub(home, c -> c, clock);
        alice = hub.join("Alice");
        channel = new FakeChannel();
        channel.register(hub, alice);
    }

    @AfterEach
    void stop() {
        channel.close();
        hub.close();
    }

    private String delivery() {
        return hub.pane(alice.id()).path("delivery").asString();
    }

    private int health(String token) {
        return hub.api().get(token, "/api/v1/health").status();
    }

    @Test
    void aChannelThatMissedItsHealthChecksShowsPollUntilItChecksAgain() throws Exception {
        assertThat(delivery()).isEqualTo("push");
        try (EventLog events = new EventLog(hub)) {
            clock.advance(Duration.ofSeconds(15));
            assertThat(health(alice.token())).isEqualTo(200);
            clock.advance(Duration.ofSeconds(15));
            assertThat(delivery()).as("checked 15 s ago").isEqualTo("push");

            clock.advance(Duration.ofSeconds(6));
            assertThat(delivery()).as("quiet for 21 s").isEqualTo("poll");
            await().atMost(Duration.ofSeconds(20)).until(() -> lastPaneEventOfAlice(events).equals("poll"));

            assertThat(health(alice.token())).isEqualTo(200);
            assertThat(delivery()).isEqualTo("push");
            await().atMost(Duration.ofSeconds(20)).until(() -> lastPaneEventOfAlice(events).equals("push"));
        }
    }

    /** The delivery the newest pane event about Alice says; empty before there is one. */
    private String lastPaneEventOfAlice(EventLog events) {
        return events.of("pane").stream().filter(p -> p.path("id").asString().equals(alice.id()))
                .reduce((a, b) -> b).map(p -> p.path("delivery").asString()).orElse("");
    }

    @Test
    void onlyThePanesOwnTokenRenewsItsLease() {
        Pane bob = hub.join("Bob");
        clock.advance(Duration.ofSeconds(15));
        assertThat(health(hub.op())).isEqualTo(200);
        assertThat(health(bob.token())).isEqualTo(200);
        assertThat(health("not-a-token")).as("health stays open to anyone").isEqualTo(200);
        clock.advance(Duration.ofSeconds(10));
        assertThat(delivery()).isEqualTo("poll");
    }

    @Test
    void aProvenPushRenewsTheLease() {
        clock.advance(Duration.ofSeconds(25));
        assertThat(delivery()).isEqualTo("poll");
        hub.send(hub.op(), alice.id(), "are you there?");
        await().atMost(Duration.ofSeconds(20)).until(() -> channel.acceptedTexts().contains("are you there?"));
        await().atMost(Duration.ofSeconds(20)).until(() -> delivery().equals("push"));
    }

    @Test
    void aHubRestartCountsKeptRegistrationsAsHeard() {
        clock.advance(Duration.ofSeconds(25));
        assertThat(delivery()).isEqualTo("poll");
        hub.restart();
        assertThat(delivery()).isEqualTo("push");
    }
}
