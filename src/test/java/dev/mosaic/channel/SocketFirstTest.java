package dev.mosaic.channel;

import dev.mosaic.delivery.SeenPolicy;
import dev.mosaic.model.Json;
import dev.mosaic.testing.AgentChannel;
import dev.mosaic.testing.ApiClient;
import dev.mosaic.testing.ApiClient.Answer;
import dev.mosaic.testing.FakeClaudeSocket;
import dev.mosaic.testing.TestHub;
import dev.mosaic.testing.TestHub.Pane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A plain `claude` (no channel flag) drops every notification of its channel, so the channel registers socket-first
 * and the pane's first message already goes through Claude Code's messaging socket (DESIGN §10), with no unseen push
 * and no not-seen sweep before it. Real processes: a bash standing in for Claude Code (its command line is what the
 * channel reads; its pid names the socket, as Claude Code's does), the real `mosaic channel` as its child, a real hub,
 * and a real Unix socket. The hub's not-seen sweep waits an hour here: only the registration can explain the route.
 */
class SocketFirstTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path home;
    @TempDir
    Path channelHome;
    @TempDir
    Path socketDir; // short: a Unix socket's path has a length limit

    TestHub hub;
    ApiClient api;
    Pane alice;
    Pane bob;
    AgentChannel channel;
    FakeClaudeSocket socket;

    @BeforeEach
    void start() {
        hub = new TestHub(home, c -> c.withSeen(new SeenPolicy(Duration.ofHours(1), Duration.ofMillis(20))));
        api = hub.api();
        alice = hub.join("Alice");
        bob = hub.join("Bob");
    }

    @AfterEach
    void stop() {
        if (channel != null) {
            channel.close();
        }
        if (socket != null) {
            socket.close();
        }
        hub.close();
    }

    /** Bob's channel under a stand-in Claude Code started with these arguments, registered with the hub. */
    private void claude(String... args) {
        channel = AgentChannel.underClaude(AgentChannel.paneEnv(hub.url(), bob, channelHome),
                channelHome.resolve("bob.log"), socketDir, List.of(args));
        socket = new FakeClaudeSocket(socketDir.resolve(channel.pid() + ".sock"));
        await().atMost(PATIENCE).until(() -> hub.pane(bob.id()).path("delivery").asString().equals("push"));
    }

    private JsonNode message(String id) {
        Answer a = api.get(hub.op(), "/api/v1/messages/" + id);
        assertThat(a.status()).as("message %s: %s", id, a).isEqualTo(200);
        return a.json();
    }

    private String send(String text) {
        return hub.send(alice.token(), bob.id(), text).get(0).path("id").asString();
    }

    private List<String> socketPrompts() {
        return socket.lines().stream().map(l -> Json.MAPPER.readTree(l.text()))
                .filter(n -> n.path("type").asString("").equals("user"))
                .map(n -> n.path("message").path("content").asString()).toList();
    }

    @Test
    void aPlainClaudesFirstMessageGoesThroughTheSocketAtOnce() throws Exception {
        claude("--debug-file", "/tmp/d.log");
        String id = send("first, through the socket");
        await().atMost(PATIENCE).until(() -> socketPrompts().size() == 1);
        await().atMost(PATIENCE).until(() -> message(id).path("status").asString().equals("pushed"));
        JsonNode m = message(id);
        assertThat(m.path("delivered_via").asString()).isEqualTo("socket");
        assertThat(m.path("redelivered").asBoolean()).as("never pushed into the void first").isFalse();
        assertThat(socketPrompts().get(0)).contains("message_id=\"" + id + "\"").contains("first, through the socket");
        assertThat(channel.seen()).as("no notification: Claude Code would drop it").isEmpty();
        assertThat(Files.readString(channelHome.resolve("bob.log")))
                .contains("Claude Code was started without channels");

        // The hook's receipt keeps the pane there; the next message goes the same way.
        Answer seen = api.post(bob.token(), "/api/v1/panes/" + bob.id() + "/agent-events", "{\"session_id\":\"s-1\","
                + "\"hook_event_name\":\"UserPromptSubmit\",\"prompt\":" + ApiClient.q(socketPrompts().get(0)) + "}");
        assertThat(seen.json().path("seen").get(0).asString()).isEqualTo(id);
        String next = send("second");
        await().atMost(PATIENCE).until(() -> socketPrompts().size() == 2);
        await().atMost(PATIENCE).until(() -> message(next).path("status").asString().equals("pushed"));
        assertThat(message(next).path("delivered_via").asString()).isEqualTo("socket");
        assertThat(channel.seen()).isEmpty();
    }

    @Test
    void aClaudeStartedWithTheChannelFlagGetsNotifications() {
        claude("--dangerously-load-development-channels", "server:mosaic-channel");
        String id = send("through the channel");
        await().atMost(PATIENCE).until(() -> channel.seen().size() == 1);
        assertThat(channel.seen().get(0).messageId()).isEqualTo(id);
        await().atMost(PATIENCE).until(() -> message(id).path("status").asString().equals("pushed"));
        assertThat(message(id).path("delivered_via").asString()).isEqualTo("push");
        assertThat(socket.lines()).as("the socket stays for when a push goes unseen").isEmpty();
    }

    @Test
    void socketFirstWithoutTheSocketIsRefused() {
        Answer a = api.put(bob.token(), "/api/v1/panes/" + bob.id() + "/channel",
                "{\"port\": 4242, \"secret\": \"a-secret-of-16-chars\", \"socket_first\": true}");
        assertThat(a.status()).as("%s", a).isEqualTo(400);
        assertThat(a.json().path("code").asString()).isEqualTo("bad_request");
        assertThat(a.json().path("error").asString()).contains("socket_first");
        Answer notBoolean = api.put(bob.token(), "/api/v1/panes/" + bob.id() + "/channel",
                "{\"port\": 4242, \"secret\": \"a-secret-of-16-chars\", \"socket\": true, \"socket_first\": 1}");
        assertThat(notBoolean.status()).as("%s", notBoolean).isEqualTo(400);
        assertThat(hub.pane(bob.id()).path("delivery").asString()).as("nothing registered").isEqualTo("poll");
    }
}
