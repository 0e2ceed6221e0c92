package dev.mosaic.channel;

import dev.mosaic.testing.TestHub;
import dev.mosaic.testing.TestHub.Pane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What other MCP clients send at the edges of the protocol, through a real `mosaic channel` process. */
class ChannelProtocolEdgesTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

    @TempDir
    Path home;
    @TempDir
    Path channelHome;

    TestHub hub;
    Pane bob;

    @BeforeEach
    void start() {
        hub = new TestHub(home);
        hub.join("Alice");
        bob = hub.join("Bob");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private RawChannel bobChannel() throws Exception {
        return new RawChannel(ChannelProcess.paneEnv(hub.url(), bob.id(), bob.token(), channelHome.toString()));
    }

    private static JsonNode error(JsonNode answer) {
        assertThat(answer.has("error")).as("an error answer: %s", answer).isTrue();
        return answer.path("error");
    }

    private static String text(JsonNode answer) {
        return answer.path("result").path("content").get(0).path("text").asString();
    }

    @Test
    void aToolCallInTheSameWriteAsInitializedWaitsForTheJoinByName() throws Exception {
        Map<String, String> env = Map.of("MOSAIC_HOME", home.toString(), "MOSAIC_NAME", "Tester");
        try (RawChannel channel = new RawChannel(env)) {
            channel.request("initialize", "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                    + "\"clientInfo\":{\"name\":\"raw-test\",\"version\":\"1\"}}");
            // Ordering, not timing: the call is on stdin the moment the session is initialized.
            channel.send(INITIALIZED + "\n"
                    + "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"list_agents\","
                    + "\"arguments\":{}}}");
            JsonNode answer = channel.next();
            assertThat(answer.path("id").asInt()).isEqualTo(7);
            assertThat(answer.path("result").path("isError").asBoolean()).as("%s", answer).isFalse();
            assertThat(text(answer)).contains("- Tester (you): live");
        }
    }

    @Test
    void aHubThatStaysUnreachableIsReportedAfterTheWait() throws Exception {
        hub.stop(); // hub.json stays, pointing at a port where nothing listens
        Map<String, String> env = Map.of("MOSAIC_HOME", home.toString(), "MOSAIC_NAME", "Tester");
        try (RawChannel channel = new RawChannel(env)) {
            channel.initialize();
            JsonNode answer = channel.request("tools/call", "{\"name\":\"list_agents\",\"arguments\":{}}");
            assertThat(answer.path("result").path("isError").asBoolean()).isTrue();
            assertThat(text(answer)).contains("not reachable", "keeps trying", "mosaic up");
        }
    }

    @Test
    void listAgentsLeavesOutThePanesOfEarlierSessionsByTheSameNameUnlessAllIsAsked() throws Exception {
        Map<String, String> env = Map.of("MOSAIC_HOME", home.toString(), "MOSAIC_NAME", "Tester");
        for (int session = 0; session < 2; session++) {
            try (RawChannel earlier = new RawChannel(env)) {
                earlier.initialize();
                assertThat(text(earlier.request("tools/call", "{\"name\":\"list_agents\"}")))
                        .contains("Tester (you)");
                earlier.closeStdin();
                assertThat(earlier.exited(PATIENCE)).isTrue();
            }
        }
        try (RawChannel channel = new RawChannel(env)) {
            channel.initialize();
            String live = text(channel.request("tools/call", "{\"name\":\"list_agents\"}"));
            assertThat(live).contains("Agents in Mosaic (3)", "- Tester (you): live", "all: true")
                    .doesNotContain("stopped");
            String all = text(channel.request("tools/call", "{\"name\":\"list_agents\",\"arguments\":{\"all\":true}}"));
            assertThat(all).contains("Agents in Mosaic (5)", "- Tester (you): live", "- Tester: stopped");
            JsonNode bad = channel.request("tools/call", "{\"name\":\"list_agents\",\"arguments\":{\"all\":\"yes\"}}");
            assertThat(bad.path("result").path("isError").asBoolean()).isTrue();
            assertThat(text(bad)).contains("'all'", "true or false");
        }
    }

    @Test
    void pingBeforeInitializeIsAnsweredAtOnce() throws Exception {
        try (RawChannel channel = bobChannel()) {
            JsonNode pong = channel.request("ping", "{}");
            assertThat(pong.has("result")).as("%s", pong).isTrue();
            assertThat(pong.path("result").isEmpty()).isTrue();
            channel.initialize();
            assertThat(channel.request("ping", "{}").has("result")).isTrue();
        }
    }

    @Test
    void argumentsThatAreNotAnObjectAreInvalidParamsWithASentenceAndNoStackTrace() throws Exception {
        try (RawChannel channel = bobChannel()) {
            channel.initialize();
            await().atMost(PATIENCE).until(() -> channel.stderr.stream().anyMatch(l -> l.contains("registered")));
            int before = channel.stderr.size();
            for (String args : List.of("\"x\"", "[1,2]", "42")) {
                JsonNode e = error(channel.request("tools/call", "{\"name\":\"send\",\"arguments\":" + args + "}"));
                assertThat(e.path("code").asInt()).isEqualTo(-32602);
                assertThat(e.path("message").asString()).contains("'arguments'", "object").endsWith(".")
                        .doesNotContain("Exception");
            }
            assertThat(error(channel.request("tools/call", "\"send\"")).path("code").asInt()).isEqualTo(-32602);
            assertThat(error(channel.request("tools/call", "{\"arguments\":{}}")).path("message").asString())
                    .contains("'name'");
            // The channel is still fine, and said at most one line per bad call on stderr.
            assertThat(channel.request("tools/call", "{\"name\":\"list_agents\"}").path("result")
                    .path("isError").asBoolean()).isFalse();
            assertThat(channel.stderr.size() - before).isLessThanOrEqualTo(5);
            assertThat(channel.stderr).noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception"));
        }
    }

    @Test
    void anUnknownToolIsNamedInTheError() throws Exception {
        try (RawChannel channel = bobChannel()) {
            channel.initialize();
            JsonNode e = error(channel.request("tools/call", "{\"name\":\"teleport\",\"arguments\":{}}"));
            assertThat(e.path("code").asInt()).isEqualTo(-32602);
            assertThat(e.path("message").asString()).contains("teleport", "send", "list_agents")
                    .doesNotContain("invalid_tool_name");
        }
    }

    @Test
    void anUnknownLogLevelIsInvalidParamsNamingTheLevels() throws Exception {
        try (RawChannel channel = bobChannel()) {
            channel.initialize();
            JsonNode e = error(channel.request("logging/setLevel", "{\"level\":\"loud\"}"));
            assertThat(e.path("code").asInt()).isEqualTo(-32602);
            assertThat(e.path("message").asString()).contains("loud", "debug", "warning", "emergency");
            assertThat(error(channel.request("logging/setLevel", "{}")).path("code").asInt()).isEqualTo(-32602);
            assertThat(channel.request("logging/setLevel", "{\"level\":\"warning\"}").has("result")).isTrue();
        }
    }

    @Test
    void aCursorThisServerNeverGaveOutIsInvalidParams() throws Exception {
        try (RawChannel channel = bobChannel()) {
            channel.initialize();
            JsonNode e = error(channel.request("tools/list", "{\"cursor\":\"bogus\"}"));
            assertThat(e.path("code").asInt()).isEqualTo(-32602);
            assertThat(e.path("message").asString()).contains("cursor");
            assertThat(channel.request("tools/list", "{}").path("result").path("tools")).hasSize(ChannelTools.NAMES.size());
        }
    }
}
