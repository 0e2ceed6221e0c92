package dev.mosaic.channel;

import dev.mosaic.model.Json;
import dev.mosaic.model.PushSignature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The hub hears 2xx only once the notification is flushed to stdout: a stuck stdout gets 503, not a false 2xx. */
class AnswerAfterFlushTest {
    @TempDir
    Path home;

    private final PushSecret secret = PushSecret.random();
    private PipedChannel piped;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private StuckableStdout stdout;
    private Channel channel;

    /** stdout whose flush can be held, as when Claude Code stops reading. */
    private static final class StuckableStdout extends FilterOutputStream {
        private volatile CountDownLatch released; // non-null while stuck

        StuckableStdout(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            CountDownLatch wait = released;
            if (wait != null) {
                try {
                    wait.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            out.flush();
        }

        void stick() {
            released = new CountDownLatch(1);
        }

        void unstick() {
            CountDownLatch wait = released;
            released = null;
            if (wait != null) {
                wait.countDown();
            }
        }
    }

    @BeforeEach
    void start() throws IOException {
        piped = new PipedChannel(home, secret, out -> stdout = new StuckableStdout(out));
        channel = piped.channel;
    }

    @AfterEach
    void stop() throws IOException {
        stdout.unstick();
        piped.close();
    }

    private void writeLine(String line) throws IOException {
        piped.writeLine(line);
    }

    private CompletableFuture<Integer> push(String id) {
        String body = "{\"id\":\"" + id + "\",\"from_name\":\"Alice\",\"text\":\"hello\",\"status\":\"queued\"}";
        long timestamp = System.currentTimeMillis();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + channel.pushPort() + "/v1/push"))
                .header(PushSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(PushSignature.SIGNATURE_HEADER, secret.signature().sign(timestamp,
                        body.getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    private long notificationsOf(String id) {
        return piped.lines.stream().filter(l -> l.contains("notifications/claude/channel"))
                .filter(l -> Json.MAPPER.readTree(l).path("params").path("meta").path("message_id").asString()
                        .equals(id)).count();
    }

    @Test
    void aPushIsAnsweredOnlyAfterItsLineIsFlushedAndNeverTwice() throws Exception {
        writeLine("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
        await().atMost(Duration.ofSeconds(30)).until(() -> piped.lines.size() == 1);
        writeLine("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");

        stdout.stick();
        CompletableFuture<Integer> first = push("F1");
        // Written but not flushed: the channel must not claim delivery; it gives up before the hub's 2 s timeout.
        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(503);

        stdout.unstick();
        await().atMost(Duration.ofSeconds(30)).until(() -> notificationsOf("F1") == 1);
        // The hub retries the same id: a 2xx now, and no second copy for the agent.
        assertThat(push("F1").get(30, TimeUnit.SECONDS)).isEqualTo(204);
        assertThat(push("F2").get(30, TimeUnit.SECONDS)).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30)).until(() -> notificationsOf("F2") == 1);
        assertThat(notificationsOf("F1")).isEqualTo(1);
    }

    /**
     * Found by the one-hour soak (one message of 68,496 lost): a retry of an id whose line was still queued got 204
     * at once, so the hub counted it delivered, and a kill -9 before the flush lost it. The retry now waits for that
     * line, and says 503 while it is not out.
     */
    @Test
    void aRetryOfALineStillQueuedIsNotConfirmedUntilTheLineIsOut() throws Exception {
        writeLine("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
        await().atMost(Duration.ofSeconds(30)).until(() -> piped.lines.size() == 1);
        writeLine("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");

        stdout.stick();
        assertThat(push("R1").get(30, TimeUnit.SECONDS)).isEqualTo(503);
        assertThat(push("R1").get(30, TimeUnit.SECONDS)).as("the retry, line still stuck").isEqualTo(503);

        stdout.unstick();
        await().atMost(Duration.ofSeconds(30)).until(() -> notificationsOf("R1") == 1);
        assertThat(push("R1").get(30, TimeUnit.SECONDS)).isEqualTo(204);
        assertThat(notificationsOf("R1")).isEqualTo(1);
    }
}
