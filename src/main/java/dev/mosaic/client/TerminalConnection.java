package dev.mosaic.client;

import dev.mosaic.model.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A pane's terminal WebSocket (DESIGN.md §8) as the operator: output and exit come to a {@link TerminalListener};
 * {@link #sendInput} and {@link #resize} go to the pane. For {@code mosaic attach}, {@code mosaic claude} and tests.
 * The token travels in the Authorization header, never in the URL.
 */
public final class TerminalConnection implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Keeps the socket under the hub's idle timeout while nobody types. */
    private static final Duration PING_EVERY = Duration.ofSeconds(60);

    private final WebSocket socket;
    private final Receiver receiver;
    private final Thread pinger;
    // java.net.http.WebSocket allows one outstanding send: each waits for the previous one.
    private CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(null);

    private TerminalConnection(WebSocket socket, Receiver receiver) {
        this.socket = socket;
        this.receiver = receiver;
        this.pinger = Thread.ofVirtual().name("mosaic-terminal-ping").start(this::ping);
    }

    /**
     * Opens the terminal of the pane with that id. Throws {@link HubException} with the hub's status when it refuses
     * (401, 403, 404) or cannot be reached.
     */
    public static TerminalConnection open(HubAddress address, String paneId, TerminalListener listener) {
        return open(HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build(), address, paneId, listener);
    }

    /** The same, on an existing client (a new HttpClient costs a selector thread and tens of milliseconds). */
    public static TerminalConnection open(HttpClient http, HubAddress address, String paneId,
                                          TerminalListener listener) {
        URI uri = URI.create(address.url().replaceFirst("^http", "ws") + "/api/v1/panes/"
                + java.net.URLEncoder.encode(paneId, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20")
                + "/terminal");
        Receiver receiver = new Receiver(listener);
        try {
            WebSocket ws = http.newWebSocketBuilder()
                    .header("Authorization", "Bearer " + address.token())
                    .connectTimeout(CONNECT_TIMEOUT)
                    .buildAsync(uri, receiver)
                    .get(CONNECT_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
            return new TerminalConnection(ws, receiver);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                int status = h.getResponse().statusCode();
                Object body = h.getResponse().body();
                throw refusal(status, body == null ? "" : body.toString());
            }
            throw new HubException(0, "unreachable", "cannot open the terminal at " + uri + ": " + e.getCause());
        } catch (TimeoutException e) {
            throw new HubException(0, "unreachable", "the hub did not open the terminal in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException(0, "unreachable", "interrupted while opening the terminal");
        }
    }

    /** Sends keystrokes (raw bytes, as a terminal would); returns when the socket took them. */
    public void sendInput(byte[] bytes) {
        send(() -> socket.sendBinary(ByteBuffer.wrap(bytes.clone()), true));
    }

    /** Tells the pane its terminal's new size (cols 10–1000, rows 5–500). */
    public void resize(int cols, int rows) {
        send(() -> socket.sendText("{\"type\":\"resize\",\"cols\":" + cols + ",\"rows\":" + rows + "}", true));
    }

    /** Whether the socket is still open both ways. */
    public boolean isOpen() {
        return !socket.isInputClosed() && !socket.isOutputClosed();
    }

    /** Completes when the socket closed, with its status. */
    public CompletableFuture<Integer> closedFuture() {
        return receiver.closed;
    }

    @Override
    public void close() {
        pinger.interrupt();
        if (!socket.isOutputClosed()) {
            try {
                send(() -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye"));
            } catch (HubException e) {
                // already gone
            }
        }
        try {
            receiver.closed.get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the hub did not answer the close: drop the connection
        }
        socket.abort();
    }

    private synchronized void send(java.util.function.Supplier<CompletableFuture<WebSocket>> op) {
        try {
            lastSend.join();
            lastSend = op.get();
            lastSend.get(30, TimeUnit.SECONDS);
        } catch (CompletionException | ExecutionException | TimeoutException | IllegalStateException e) {
            lastSend = CompletableFuture.completedFuture(null);
            throw new HubException(0, "unreachable", "the terminal connection failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException(0, "unreachable", "interrupted while writing to the terminal");
        }
    }

    private void ping() {
        try {
            while (!Thread.currentThread().isInterrupted() && !socket.isOutputClosed()) {
                Thread.sleep(PING_EVERY);
                send(() -> socket.sendPing(ByteBuffer.allocate(0)));
            }
        } catch (InterruptedException | HubException e) {
            // closing
        }
    }

    private static HubException refusal(int status, String body) {
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            return new HubException(status, n.path("code").asString("http_" + status),
                    n.path("error").asString("HTTP " + status));
        } catch (JacksonException | IllegalArgumentException e) {
            return new HubException(status, "http_" + status, "the hub refused the terminal: HTTP " + status);
        }
    }

    /** Reassembles frames that arrive in parts and hands whole ones to the listener. */
    private static final class Receiver implements WebSocket.Listener {
        private final TerminalListener listener;
        private final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final AtomicBoolean closeReported = new AtomicBoolean();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
        private final StringBuilder text = new StringBuilder();

        Receiver(TerminalListener listener) {
            this.listener = listener;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            if (last && binary.size() == 0) {
                listener.output(b);
            } else {
                binary.writeBytes(b);
                if (last) {
                    listener.output(binary.toByteArray());
                    binary.reset();
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                control(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        private void control(String frame) {
            JsonNode n;
            try {
                n = Json.MAPPER.readTree(frame);
            } catch (JacksonException e) {
                return; // not ours to understand; a newer hub may say more
            }
            switch (n.path("type").asString("")) {
                case "exit" -> listener.exited(n.path("code").asInt());
                case "error" -> listener.error(n.path("code").asString(""), n.path("error").asString(""));
                default -> {
                    // unknown control frames are ignored, for forward compatibility
                }
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            report(status, reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            report(1006, String.valueOf(error));
        }

        private void report(int status, String reason) {
            if (closeReported.compareAndSet(false, true)) {
                listener.closed(status, reason);
                closed.complete(status);
            }
        }
    }
}
