package dev.mosaic.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mosaic.model.Json;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP receiver standing in for a channel's push endpoint: checks the secret, records each message it
 * accepts, and can be told to refuse or to hang, as a broken channel would.
 */
public final class FakeChannel implements AutoCloseable {
    /** How the receiver answers the next pushes. */
    public enum Mode { ACCEPT, REFUSE, HANG }

    public final String secret = "test-secret-" + System.nanoTime();
    private final HttpServer server;
    private final List<JsonNode> accepted = new ArrayList<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile Mode mode = Mode.ACCEPT;

    public FakeChannel() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
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
            if (!("Bearer " + secret).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.sendResponseHeaders(401, -1);
                return;
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
                    JsonNode m = Json.MAPPER.readTree(body);
                    synchronized (accepted) {
                        accepted.add(m);
                    }
                    ex.sendResponseHeaders(204, -1);
                }
            }
        }
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

    public List<JsonNode> accepted() {
        synchronized (accepted) {
            return List.copyOf(accepted);
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
