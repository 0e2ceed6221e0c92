package dev.mosaic.channel;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mosaic.model.Json;
import dev.mosaic.model.Message;
import dev.mosaic.model.MessageStatus;
import dev.mosaic.model.PushSignature;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The training run behind the launcher's AOT cache for {@code mosaic channel} (BENCHMARKS.md: channel start): a whole
 * channel session in one JVM against a stand-in hub on loopback. The channel registers, holds its presence stream,
 * answers initialize, tools/list and a tool call that asks the hub, and shows one signed push, so the cache holds
 * the classes a real session loads in its first second (the HTTP client's above all) and none of the hub's.
 * Started by {@code ./mosaic} with {@code -XX:AOTCacheOutput}; exits non-zero when the session went another way.
 */
public final class ChannelTraining {
    private static final String PANE_ID = "p1";
    private static final String PANE = """
            {"id":"p1","name":"Trainee","kind":"joined","status":"live","delivery":"push","agent_state":"idle",\
            "unread":0,"created_at":"2026-01-01T00:00:00.000Z"}""";
    private static final long PATIENCE_SECONDS = 20;

    private final CompletableFuture<Registration> registered = new CompletableFuture<>();
    private final CompletableFuture<Void> over = new CompletableFuture<>();

    /** What the channel told the stand-in hub in its registration. */
    private record Registration(int port, String secret) {
    }

    private ChannelTraining() {
    }

    public static void main(String[] args) throws Exception {
        new ChannelTraining().run();
    }

    private void run() throws Exception {
        HttpServer hub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hub.createContext("/", this::answer);
        ExecutorService handlers = Executors.newCachedThreadPool(); // the presence stream holds one
        hub.setExecutor(handlers);
        hub.start();
        PipedOutputStream toChannel = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(toChannel, 64 * 1024);
        Lines stdout = new Lines();
        Map<String, String> env = Map.of("MOSAIC_URL", "http://127.0.0.1:" + hub.getAddress().getPort(),
                "MOSAIC_PANE_ID", PANE_ID, "MOSAIC_TOKEN", "training");
        Channel channel = Channel.start(env, stdin, stdout, "training", HubLink.Timing.defaults(), PushSecret.random());
        try {
            write(toChannel, """
                    {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",\
                    "capabilities":{"experimental":{"claude/channel":{}}},\
                    "clientInfo":{"name":"aot-training","version":"1"}}}""");
            stdout.await("\"id\":1");
            write(toChannel, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            write(toChannel, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
            stdout.await("\"id\":2");
            Registration r = registered.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
            write(toChannel, """
                    {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"list_agents","arguments":{}}}""");
            stdout.await("\"id\":3");
            push(r);
            stdout.await("notifications/claude/channel");
        } finally {
            over.complete(null);
            toChannel.close();
            channel.close();
            hub.stop(0);
            handlers.shutdownNow();
        }
    }

    /** One message, signed as the hub signs it; the channel answers with its proof once the line is out. */
    private static void push(Registration r) throws IOException, InterruptedException {
        Message m = new Message("m1", 1, "p0", "Trainer", PANE_ID, "Trainee", null, "hello from the training run",
                "m1", null, "2026-01-01T00:00:00.000Z", MessageStatus.QUEUED, null, null, null, null, false);
        byte[] body = Json.MAPPER.writeValueAsBytes(m.forApi());
        long timestamp = System.currentTimeMillis();
        HttpResponse<Void> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + r.port() + "/v1/push"))
                .header(PushSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(PushSignature.SIGNATURE_HEADER, new PushSignature(r.secret()).sign(timestamp, body))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.discarding());
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException("training: the channel refused the push: HTTP " + answer.statusCode());
        }
    }

    private static void write(OutputStream to, String line) throws IOException {
        to.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        to.flush();
    }

    /** The stand-in hub: what a channel asks of the real one in its first seconds, with fixed answers. */
    private void answer(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        byte[] request = x.getRequestBody().readAllBytes();
        if (path.endsWith("/channel/presence")) {
            x.getResponseHeaders().set("Content-Type", "text/event-stream");
            x.sendResponseHeaders(200, 0);
            try (OutputStream out = x.getResponseBody()) {
                out.write(":\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                over.join(); // held open while the session goes on, as the hub holds it
            }
            return;
        }
        if (path.equals("/api/v1/panes/" + PANE_ID + "/channel") && x.getRequestMethod().equals("PUT")) {
            var body = Json.MAPPER.readTree(request);
            x.sendResponseHeaders(204, -1);
            x.close();
            registered.complete(new Registration(body.path("port").asInt(), body.path("secret").asString()));
            return;
        }
        String answer = switch (path) {
            case "/api/v1/health" -> "{\"status\":\"ok\",\"version\":\"training\"}";
            case "/api/v1/panes" -> "{\"panes\":[" + PANE + "]}";
            default -> null;
        };
        if (answer == null) {
            x.sendResponseHeaders(x.getRequestMethod().equals("DELETE") ? 204 : 404, -1);
            x.close();
            return;
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The channel's stdout, kept whole, so the run can wait for an answer or a notification to appear in it. */
    private static final class Lines extends OutputStream {
        private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            seen.write(b);
            notifyAll();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            seen.write(b, off, len);
            notifyAll();
        }

        synchronized void await(String text) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
            while (!seen.toString(StandardCharsets.UTF_8).contains(text)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("training: the channel never wrote " + text);
                }
                wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            }
        }
    }
}
