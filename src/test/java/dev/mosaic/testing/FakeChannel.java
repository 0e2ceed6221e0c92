package dev.mosaic.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mosaic.model.Json;
import dev.mosaic.model.PushSignature;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP receiver standing in for a channel's push endpoint: checks the hub's signature, records each message
 * it accepts and proves its 204 as a channel does (DESIGN §4); it can be told to refuse or to hang, as a broken
 * channel would, or to be a stranger on the port.
 */
public final class FakeChannel implements AutoCloseable {
    /**
     * How the receiver answers the next pushes. STRANGER is not a channel at all but another process that took a
     * dead channel's port: it takes whatever comes, answers 204 and proves nothing.
     */
    public enum Mode { ACCEPT, REFUSE, HANG, STRANGER }

    public final String secret = "test-secret-" + System.nanoTime();
    private final HttpServer server;
    private final List<JsonNode> accepted = new ArrayList<>();
    /** How many messages each accepted push carried, in order. */
    private final List<Integer> batchSizes = new ArrayList<>();
    /** Every request as it arrived: headers and body, for checking what a stranger could learn. */
    private final List<String> heard = new ArrayList<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile Mode mode = Mode.ACCEPT;
    private volatile CountDownLatch gate = new CountDownLatch(0);

    public FakeChannel() {
        this(0);
    }

    /** A receiver on that port (0: any free one). */
    public FakeChannel(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/push", this::handle);
        server.start();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            attempts.incrementAndGet();
            byte[] body = ex.getRequestBody().readAllBytes();
            synchronized (heard) {
                heard.add(ex.getRequestHeaders() + "\n" + new String(body, StandardCharsets.UTF_8));
            }
            if (mode == Mode.STRANGER) {
                ex.sendResponseHeaders(204, -1);
                return;
            }
            PushSignature signature = new PushSignature(secret);
            String timestamp = ex.getRequestHeaders().getFirst(PushSignature.TIMESTAMP_HEADER);
            if (timestamp == null || !timestamp.matches("[0-9]{1,18}") || !signature.signs(
                    ex.getRequestHeaders().getFirst(PushSignature.SIGNATURE_HEADER), Long.parseLong(timestamp), body)) {
                ex.sendResponseHeaders(401, -1);
                return;
            }
            try {
                gate.await(); // held by the test: the hub's next messages queue up behind this push meanwhile
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            switch (mode) {
                case REFUSE -> ex.sendResponseHeaders(503, -1);
                case HANG -> {
                    try {
                        Thread.sleep(5_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    ex.sendResponseHeaders(503, -1);
                }
                case ACCEPT -> {
                    // One message, or a batch as an array: each is accepted, in order, and the proof covers all ids.
                    JsonNode root = Json.MAPPER.readTree(body);
                    List<JsonNode> batch = new ArrayList<>();
                    if (root.isArray()) {
                        root.forEach(batch::add);
                    } else {
                        batch.add(root);
                    }
                    synchronized (accepted) {
                        accepted.addAll(batch);
                        batchSizes.add(batch.size());
                    }
                    ex.getResponseHeaders().set(PushSignature.PROOF_HEADER, signature.prove(Long.parseLong(timestamp),
                            batch.stream().map(m -> m.path("id").asString()).toList()));
                    ex.sendResponseHeaders(204, -1);
                }
            }
        }
    }

    /** Holds every push that arrives from now on (after its signature is checked) until {@link #letGo}. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    /** Lets held pushes go on, and the next ones through. */
    public void letGo() {
        gate.countDown();
    }

    public void mode(Mode m) {
        mode = m;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public int attempts() {
        return attempts.get();
    }

    /** Each request's headers and body as text. */
    public List<String> heard() {
        synchronized (heard) {
            return List.copyOf(heard);
        }
    }

    public List<JsonNode> accepted() {
        synchronized (accepted) {
            return List.copyOf(accepted);
        }
    }

    /** How many messages each accepted push carried (1 for a single object), in the order they came. */
    public List<Integer> batchSizes() {
        synchronized (accepted) {
            return List.copyOf(batchSizes);
        }
    }

    public List<String> acceptedTexts() {
        return accepted().stream().map(m -> m.path("text").asString()).toList();
    }

    /** Registers this receiver as the pane's channel. */
    public void register(TestHub hub, TestHub.Pane pane) {
        ApiClient.Answer a = hub.api().put(pane.token(), "/api/v1/panes/" + pane.id() + "/channel",
                "{\"port\":" + port() + ",\"secret\":" + ApiClient.q(secret) + "}");
        if (a.status() != 204) {
            throw new AssertionError("registration failed: " + a);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
