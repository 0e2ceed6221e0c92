package dev.mosaic.channel;

import dev.mosaic.model.Json;
import dev.mosaic.model.PushSignature;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The channel's {@code POST /v1/permission} in-process on piped stdio: an approval's answer, signed like a push,
 * becomes one {@code notifications/claude/channel/permission} line, proven, once per approval id.
 */
class PermissionPathTest {
    private static final Duration LINE_WAIT = Duration.ofSeconds(20);

    @TempDir
    Path home;

    private final PushSecret secret = PushSecret.random();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private PipedChannel piped;

    @BeforeEach
    void start() throws IOException {
        piped = new PipedChannel(home, secret, out -> out);
    }

    @AfterEach
    void stop() throws IOException {
        piped.close();
    }

    private JsonNode nextLine() throws InterruptedException {
        String line = piped.lines.poll(LINE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(line).as("a line on stdout within %s", LINE_WAIT).isNotNull();
        return Json.MAPPER.readTree(line);
    }

    private void initialize() throws Exception {
        piped.writeLine("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}");
        JsonNode init = nextLine();
        assertThat(init.path("result").path("capabilities").path("experimental")
                .has("claude/channel/permission")).as("%s", init).isTrue();
        piped.writeLine("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    private HttpResponse<Void> signed(String path, String body) throws IOException, InterruptedException {
        long timestamp = System.currentTimeMillis();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + piped.channel.pushPort() + path))
                .timeout(Duration.ofSeconds(30))
                .header(PushSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(PushSignature.SIGNATURE_HEADER, secret.signature().sign(timestamp,
                        body.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
    }

    private static String answer(String approvalId, String requestId, String behavior) {
        return "{\"approval_id\":\"" + approvalId + "\",\"request_id\":\"" + requestId + "\",\"behavior\":\""
                + behavior + "\"}";
    }

    @Test
    void anAnswerIsWrittenOnceAndProven() throws Exception {
        HttpResponse<Void> early = signed("/v1/permission", answer("a1", "jhkze", "allow"));
        assertThat(early.statusCode()).as("before initialized").isEqualTo(503);
        initialize();

        HttpResponse<Void> r = signed("/v1/permission", answer("a1", "jhkze", "allow"));
        assertThat(r.statusCode()).isEqualTo(204);
        long timestamp = Long.parseLong(r.request().headers().firstValue(PushSignature.TIMESTAMP_HEADER).orElseThrow());
        assertThat(secret.signature().proves(r.headers().firstValue(PushSignature.PROOF_HEADER).orElse(null),
                timestamp, List.of("a1"))).isTrue();
        JsonNode n = nextLine();
        assertThat(n.path("method").asString()).isEqualTo("notifications/claude/channel/permission");
        assertThat(n.path("params").toString()).isEqualTo("{\"request_id\":\"jhkze\",\"behavior\":\"allow\"}");

        assertThat(signed("/v1/permission", answer("a1", "jhkze", "allow")).statusCode()).as("a retry")
                .isEqualTo(204);
        assertThat(signed("/v1/permission", answer("a2", "uopja", "deny")).statusCode()).isEqualTo(204);
        JsonNode next = nextLine();
        assertThat(next.path("params").path("request_id").asString()).as("no second copy of a1").isEqualTo("uopja");
        assertThat(next.path("params").path("behavior").asString()).isEqualTo("deny");
    }

    @Test
    void malformedOrUnsignedAnswersAreRefused() throws Exception {
        initialize();
        for (String body : List.of("not json", "[]", "{\"request_id\":\"x\",\"behavior\":\"allow\"}",
                answer("a1", "x", "maybe"), answer("a1", "", "allow"),
                "{\"id\":\"m1\",\"text\":\"a message is not an answer\"}")) {
            assertThat(signed("/v1/permission", body).statusCode()).as(body).isEqualTo(400);
        }
        assertThat(signed("/v1/push", answer("a1", "jhkze", "allow")).statusCode()).as("an answer is not a message")
                .isEqualTo(400);
        HttpResponse<Void> unsigned = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + piped.channel.pushPort() + "/v1/permission"))
                .POST(HttpRequest.BodyPublishers.ofString(answer("a1", "jhkze", "allow"))).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(piped.lines.poll(300, TimeUnit.MILLISECONDS)).as("nothing written").isNull();
    }
}
