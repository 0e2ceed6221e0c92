package dev.mosaic.channel;

import dev.mosaic.model.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole channel in this JVM on piped stdin/stdout with a known push secret and no hub: what the push endpoint
 * accepts, what reaches stdout, and how bad stdin lines are answered.
 */
class ChannelPushPathTest {
    private static final Duration LINE_WAIT = Duration.ofSeconds(20);

    @TempDir
    Path home;

    private final PushSecret secret = PushSecret.random();
    private PipedChannel piped;
    private BlockingQueue<String> stdoutLines;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Channel channel;
    private int nextId = 100;

    @BeforeEach
    void start() throws IOException {
        piped = new PipedChannel(home, secret, out -> out);
        channel = piped.channel;
        stdoutLines = piped.lines;
    }

    @AfterEach
    void stop() throws IOException {
        piped.close();
    }

    private void writeLine(String line) throws IOException {
        piped.writeLine(line);
    }

    private JsonNode nextLine() throws InterruptedException {
        String line = stdoutLines.poll(LINE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(line).as("a line on stdout within %s", LINE_WAIT).isNotNull();
        return Json.MAPPER.readTree(line);
    }

    private JsonNode request(String method, String params) throws IOException, InterruptedException {
        int id = nextId++;
        writeLine("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}");
        JsonNode answer = nextLine();
        assertThat(answer.path("id").asInt()).as("answer to %s: %s", method, answer).isEqualTo(id);
        return answer;
    }

    private void initialize() throws IOException, InterruptedException {
        JsonNode init = request("initialize", "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}");
        assertThat(init.path("result").path("capabilities").path("experimental").path("claude/channel").isObject())
                .as("%s", init).isTrue();
        writeLine("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    private static String message(String id, String text) {
        return "{\"id\":\"" + id + "\",\"seq\":1,\"from_id\":\"P-ALICE\",\"from_name\":\"Alice\",\"to_id\":\"P-BOB\","
                + "\"to_name\":\"Bob\",\"text\":" + Json.MAPPER.writeValueAsString(text) + ",\"thread_id\":\"" + id
                + "\",\"created_at\":\"2026-11-24T10:00:00.123Z\",\"status\":\"queued\"}";
    }

    private int push(String authorization, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + channel.pushPort()
                        + "/v1/push")).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private int push(String body) throws IOException, InterruptedException {
        return push("Bearer " + secret.value(), body);
    }

    private JsonNode nextNotification() throws InterruptedException {
        JsonNode n = nextLine();
        assertThat(n.path("method").asString()).as("%s", n).isEqualTo("notifications/claude/channel");
        return n.path("params");
    }

    @Test
    void aPushBeforeInitializedIsRefusedWith503AndNothingIsWrittenUntilThen() throws Exception {
        assertThat(push(null, "{}")).isEqualTo(401); // warms the HTTP path up, so the timing below is the wait's
        long start = System.nanoTime();
        assertThat(push(message("M1", "early"))).isEqualTo(503);
        // The channel waits 1.5 s, below the hub's 2 s timeout; the margin here is for a loaded machine.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(1400),
                Duration.ofSeconds(4));
        assertThat(stdoutLines).isEmpty();

        initialize();
        assertThat(push(message("M1", "early"))).isEqualTo(204);
        JsonNode n = nextNotification();
        assertThat(n.path("content").asString()).isEqualTo("early");
        assertThat(n.path("meta").path("message_id").asString()).isEqualTo("M1");
    }

    @Test
    void theNotificationCarriesTheMetaOfDesignSection4AsStrings() throws Exception {
        initialize();
        String body = message("M2", "Hey Bob").replace("\"status\"", "\"subject\":\"Task\",\"redelivered\":true,"
                + "\"status\"");
        assertThat(push(body)).isEqualTo(204);
        JsonNode n = nextNotification();
        assertThat(n.path("content").asString()).isEqualTo("Hey Bob");
        JsonNode meta = n.path("meta");
        assertThat(meta.propertyNames()).containsExactly("from_name", "from_id", "message_id", "subject",
                "thread_id", "sent_at", "redelivered");
        assertThat(meta.path("from_name").asString()).isEqualTo("Alice");
        assertThat(meta.path("from_id").asString()).isEqualTo("P-ALICE");
        assertThat(meta.path("sent_at").asString()).isEqualTo("2026-11-24T10:00:00.123Z");
        assertThat(meta.path("redelivered").isString()).isTrue();
        assertThat(meta.path("redelivered").asString()).isEqualTo("true");
    }

    @Test
    void aRepushedIdIsDeliveredOnce() throws Exception {
        initialize();
        assertThat(push(message("M3", "once"))).isEqualTo(204);
        assertThat(push(message("M3", "once"))).isEqualTo(204);
        assertThat(push("[" + message("M3", "once") + "," + message("M4", "next") + "]")).isEqualTo(204);
        assertThat(nextNotification().path("meta").path("message_id").asString()).isEqualTo("M3");
        assertThat(nextNotification().path("meta").path("message_id").asString()).isEqualTo("M4");
        assertThat(stdoutLines.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aPushWithoutTheSecretGets401AndReachesNobody() throws Exception {
        initialize();
        assertThat(push(null, message("X1", "injected"))).isEqualTo(401);
        assertThat(push("Bearer wrong", message("X2", "injected"))).isEqualTo(401);
        assertThat(push("Bearer " + secret.value() + "x", message("X3", "injected"))).isEqualTo(401);
        assertThat(push("Basic " + secret.value(), message("X4", "injected"))).isEqualTo(401);
        assertThat(push(message("M5", "genuine"))).isEqualTo(204);
        // Pushes are handled in order, so an injected one would have been written before this.
        assertThat(nextNotification().path("content").asString()).isEqualTo("genuine");
    }

    @Test
    void aBodyThatIsNotAMessageGets400AndNothingOfItIsDelivered() throws Exception {
        initialize();
        assertThat(push("not json")).isEqualTo(400);
        assertThat(push("{}")).isEqualTo(400);
        assertThat(push("\"text\"")).isEqualTo(400);
        assertThat(push("[]")).isEqualTo(400);
        assertThat(push("{\"id\":5,\"text\":\"x\"}")).isEqualTo(400);
        assertThat(push("[" + message("B1", "good") + ",{\"id\":\"B2\"}]")).isEqualTo(400);
        assertThat(push("[" + message("B3", "first") + "," + message("B4", "second") + "]")).isEqualTo(204);
        assertThat(nextNotification().path("content").asString()).isEqualTo("first");
        assertThat(nextNotification().path("content").asString()).isEqualTo("second");
    }

    @Test
    void badStdinLinesAreAnsweredAndTheChannelKeepsServing() throws Exception {
        writeLine("this is not json");
        JsonNode parseError = nextLine();
        assertThat(parseError.path("error").path("code").asInt()).isEqualTo(-32700);
        assertThat(parseError.has("id")).isTrue();
        writeLine("[1,2]");
        assertThat(nextLine().path("error").path("code").asInt()).isEqualTo(-32600);
        writeLine("{\"jsonrpc\":\"2.0\",\"id\":9}");
        JsonNode invalid = nextLine();
        assertThat(invalid.path("error").path("code").asInt()).isEqualTo(-32600);
        assertThat(invalid.path("id").asInt()).isEqualTo(9);
        writeLine("");
        writeLine("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/unknown\",\"params\":\"odd\"}");

        initialize();
        writeLine("{\"jsonrpc\":");
        assertThat(nextLine().path("error").path("code").asInt()).isEqualTo(-32700);
        JsonNode tools = request("tools/list", "{}");
        assertThat(tools.path("result").path("tools").valueStream().map(t -> t.path("name").asString()))
                .containsExactlyInAnyOrder("send", "reply", "list_agents", "read_inbox");
        assertThat(push(message("M6", "still here"))).isEqualTo(204);
        assertThat(nextNotification().path("content").asString()).isEqualTo("still here");
    }

    @Test
    void withoutAHubToolsSayHowToFixIt() throws Exception {
        initialize();
        JsonNode r = request("tools/call", "{\"name\":\"list_agents\",\"arguments\":{}}");
        assertThat(r.path("result").path("isError").asBoolean()).isTrue();
        assertThat(r.path("result").path("content").get(0).path("text").asString())
                .contains("not a Mosaic pane", "MOSAIC_URL", "mosaic join");
    }
}
