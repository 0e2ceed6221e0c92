package dev.mosaic.hub;

import dev.mosaic.testing.AgentChannel;
import dev.mosaic.testing.ApiClient.Answer;
import dev.mosaic.testing.EventLog;
import dev.mosaic.testing.MovableClock;
import dev.mosaic.testing.TestHub;
import dev.mosaic.testing.TestHub.Pane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real channel holds its presence stream open (DESIGN §4): its pane shows {@code push} for as long as the channel
 * lives, whatever the clock says, and {@code poll} the moment it dies. The hub's clock never moves here, so no lease
 * can lapse by time: only the stream tells.
 */
class ChannelPresenceTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path home;

    final MovableClock clock = new MovableClock(Instant.parse("2026-12-02T10:00:00Z"));
    TestHub hub;
    Pane alice;
    AgentChannel channel;

    @BeforeEach
    void start() {
        // A stop grace longer than one presence beat: see the stop test below.
        hub = new TestHub(home, c -> c.withStopGrace(ChannelPresence.BEAT.plusSeconds(2)), clock);
        alice = hub.join("Alice");
    }

    @AfterEach
    void stop() {
        if (channel != null) {
            channel.close();
        }
        hub.close();
    }

    private AgentChannel startChannel() {
        return new AgentChannel(AgentChannel.paneEnv(hub.url(), alice, home.resolve("channel")),
                home.resolve("channel.stderr"));
    }

    /**
     * Starts a channel and waits until it holds its presence stream: with the hub's clock moved on a minute, only an
     * open stream (or a health check, which a channel holding the stream no longer makes) shows {@code push}.
     */
    private AgentChannel startHoldingChannel() {
        AgentChannel c = startChannel();
        await().atMost(PATIENCE).until(() -> delivery().equals("push"));
        clock.advance(Duration.ofMinutes(1));
        await().atMost(PATIENCE).until(() -> delivery().equals("push"));
        return c;
    }

    @Test
    void aStoppingHubWritesNoBeatIntoTheStreamsItsServerClosed() throws Exception {
        channel = startHoldingChannel();
        // A pane that shrugs off SIGTERM keeps the stop busy for its whole grace, longer than one beat: before the
        // fix, a beat then wrote into a response the stopped server had recycled, and Javalin logged it as uncaught.
        hub.spawn("Stubborn", "sh", "-c", "trap '' TERM; while :; do sleep 1; done");
        PrintStream before = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
        try {
            hub.close();
        } finally {
            System.setErr(before);
        }
        String log = logged.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("Mosaic hub stopped").doesNotContain("Uncaught exception", "threw an error");
    }

    private String delivery() {
        return hub.pane(alice.id()).path("delivery").asString();
    }

    private String channelLog() throws Exception {
        Path log = home.resolve("channel.stderr");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Test
    void aKilledChannelShowsPollAtOnceWithAPaneEvent() throws Exception {
        channel = startHoldingChannel();
        try (EventLog events = new EventLog(hub)) {
            channel.kill9();
            channel = null;
            await().atMost(PATIENCE).until(() -> delivery().equals("poll"));
            await().atMost(PATIENCE).until(() -> events.of("pane").stream()
                    .anyMatch(p -> p.path("id").asString().equals(alice.id())
                            && p.path("delivery").asString().equals("poll")));
        }
    }

    @Test
    void aChannelHoldsItsLeaseThroughAnyQuietAndComesBackAfterAHubRestart() throws Exception {
        channel = startHoldingChannel();
        clock.advance(Duration.ofMinutes(10));
        assertThat(delivery()).as("ten quiet minutes on the hub's clock, the stream still open; the channel said:%n%s",
                channelLog()).isEqualTo("push");

        hub.restart();
        await().atMost(PATIENCE).until(() -> channelLog().contains("the hub's presence stream ended"));
        hub.send(hub.op(), "Alice", "after the restart");
        await().atMost(PATIENCE).until(() -> channel.seen().stream()
                .anyMatch(s -> s.text().contains("after the restart")));
        assertThat(delivery()).isEqualTo("push");
    }

    @Test
    void aLiveChannelWhoseRegistrationWasDroppedRegistersAgain() throws Exception {
        channel = startHoldingChannel();
        java.util.regex.Matcher logged = java.util.regex.Pattern.compile("push port (\\d+)").matcher(channelLog());
        assertThat(logged.find()).as("the channel logs its push port").isTrue();
        int port = Integer.parseInt(logged.group(1));
        assertThat(hub.api().delete(alice.token(), "/api/v1/panes/" + alice.id() + "/channel",
                "{\"port\":" + port + "}").status()).isEqualTo(204);
        assertThat(delivery()).isEqualTo("poll");

        await().atMost(PATIENCE).until(() -> channelLog().split("registered with the hub", -1).length - 1 == 2);
        await().atMost(PATIENCE).until(() -> delivery().equals("push"));
        hub.send(hub.op(), "Alice", "after the drop");
        await().atMost(PATIENCE).until(() -> channel.seen().stream()
                .anyMatch(s -> s.text().contains("after the drop")));
    }

    @Test
    void onlyThePaneItselfHoldsThePresenceOfARegisteredPort() throws Exception {
        Pane bob = hub.join("Bob");
        Answer registered = hub.api().put(alice.token(), "/api/v1/panes/" + alice.id() + "/channel",
                "{\"port\":4999,\"secret\":\"" + "s".repeat(32) + "\"}");
        assertThat(registered.status()).isEqualTo(204);
        String path = "/api/v1/panes/" + alice.id() + "/channel/presence";

        assertThat(presence(alice.token(), path + "?port=4999", "application/json"))
                .as("not asked as an event stream").startsWith("400 ").contains("\"code\":\"bad_request\"");
        assertThat(presence(alice.token(), path, "text/event-stream"))
                .startsWith("400 ").contains("\"code\":\"bad_request\"");
        assertThat(presence(alice.token(), path + "?port=5000", "text/event-stream"))
                .startsWith("409 ").contains("\"code\":\"not_registered\"");
        assertThat(presence(bob.token(), path + "?port=4999", "text/event-stream")).startsWith("403 ");
        assertThat(presence(hub.op(), path + "?port=4999", "text/event-stream")).startsWith("403 ");
        assertThat(presence("not-a-token", path + "?port=4999", "text/event-stream")).startsWith("401 ");
    }

    /** The status and body of a refused presence request (none of these is held open). */
    private String presence(String token, String path, String accept) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(hub.url() + path))
                .header("Authorization", "Bearer " + token).header("Accept", accept)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }
}
