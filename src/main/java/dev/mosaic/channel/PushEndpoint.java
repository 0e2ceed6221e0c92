package dev.mosaic.channel;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mosaic.model.Json;
import dev.mosaic.model.ApprovalBehavior;
import dev.mosaic.model.Message;
import dev.mosaic.model.PermissionAnswer;
import dev.mosaic.model.PushSignature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * {@code POST /v1/push} on a random loopback port: the hub delivers messages here, and approval answers to
 * {@code POST /v1/permission}. Only a push signed with the secret (DESIGN §4) gets anything to the agent; the answer
 * is 2xx only once every message in the body (or the answer) has reached it, and carries this channel's proof of
 * that, so the hub can tell it from a stranger's 2xx.
 */
final class PushEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PushEndpoint.class);
    /** The hub's limit on a message's text is 64 KiB; a catch-up array holds at most a few hundred. */
    private static final int MAX_BODY = 32 * 1024 * 1024;
    /** How far a push's timestamp may be from this clock: bounds how long a captured push could be replayed. */
    private static final long MAX_SKEW_MILLIS = 60_000;
    private static final String PUSH = "/v1/push";
    private static final String PERMISSION = "/v1/permission";
    /** The same signed message body, to be delivered through Claude Code's messaging socket (DESIGN §10). */
    private static final String SOCKET_PUSH = "/v1/socket-push";
    /** The JDK server's limit, in seconds, on the time a request may take to arrive (-1, its default: none). */
    private static final String MAX_REQUEST_SECONDS = "sun.net.httpserver.maxReqTime";

    /** Json's mapper, but a number or a boolean is not a string: a push names its message by a string id. */
    private static final ObjectMapper STRICT = Json.MAPPER.rebuild()
            .withCoercionConfig(LogicalType.Textual, strings -> strings
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private final HttpServer server;
    private final ExecutorService executor;
    private final ReentrantLock delivering = new ReentrantLock();
    private final PushSecret secret;
    private final MessageSink sink;
    private final MessageSink socket;
    private final PermissionSink permissions;
    private final InstantSource clock;

    private PushEndpoint(HttpServer server, PushSecret secret, MessageSink sink, MessageSink socket,
                         PermissionSink permissions, InstantSource clock) {
        this.server = server;
        this.secret = secret;
        this.sink = sink;
        this.socket = socket;
        this.permissions = permissions;
        this.clock = clock;
        // Requests are handled off the server's dispatcher thread: the JDK server reads the request line, headers and
        // body on the thread that handles them, so on the dispatcher any local process that stalled mid-request
        // would hold up every push after it. A cached pool reuses one thread while pushes come one at a time (the
        // hub pushes to a pane serially); a stalled connection only holds a thread of its own. Virtual threads cost
        // the channel a third more CPU per push (BENCHMARKS.md). Delivery itself is one at a time (the lock), which
        // keeps messages in the order the hub sent them.
        this.executor = Executors.newCachedThreadPool(Thread.ofPlatform().name("mosaic-push-", 0).daemon().factory());
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /**
     * Listens on 127.0.0.1 and a free port.
     *
     * @param socket where {@code /v1/socket-push} delivers: Claude Code's messaging socket, or a sink that always
     *               answers {@link MessageSink.Outcome#UNAVAILABLE} when the channel has none
     */
    static PushEndpoint start(PushSecret secret, MessageSink sink, MessageSink socket, PermissionSink permissions)
            throws IOException {
        return start(secret, sink, socket, permissions, InstantSource.system());
    }

    /** Listens on 127.0.0.1 and a free port, judging the freshness of pushes by this clock. */
    static PushEndpoint start(PushSecret secret, MessageSink sink, MessageSink socket, PermissionSink permissions,
                              InstantSource clock) throws IOException {
        // The JDK server has no read timeout of its own: a connection that stops mid-request would hold its thread
        // for as long as the other end keeps it open. With this set, the server closes it after that many seconds;
        // the hub sends a push whole in a few milliseconds, and gives up on it after 2 s anyway. Read once, when the
        // JVM makes its first server, which in a channel is this one; a value given on the command line wins.
        if (System.getProperty(MAX_REQUEST_SECONDS) == null) {
            System.setProperty(MAX_REQUEST_SECONDS, "5");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        PushEndpoint endpoint = new PushEndpoint(server, secret, sink, socket, permissions, clock);
        server.start();
        return endpoint;
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!path.equals(PUSH) && !path.equals(PERMISSION) && !path.equals(SOCKET_PUSH)) {
                answer(exchange, 404, "not_found",
                        "Only POST /v1/push, /v1/socket-push and /v1/permission are served here.");
                return;
            }
            // Checked before anything else, the method included: a stranger learns nothing about this port.
            OptionalLong timestamp = freshTimestamp(exchange.getRequestHeaders().getFirst(
                    PushSignature.TIMESTAMP_HEADER));
            String signature = exchange.getRequestHeaders().getFirst(PushSignature.SIGNATURE_HEADER);
            if (timestamp.isEmpty() || signature == null) {
                refuseUnsigned(exchange);
                return;
            }
            byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                answer(exchange, 400, "bad_request", "body larger than " + MAX_BODY + " bytes");
                return;
            }
            if (!secret.signature().signs(signature, timestamp.getAsLong(), body)) {
                refuseUnsigned(exchange);
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().add("Allow", "POST");
                answer(exchange, 405, "method_not_allowed", "Use POST.");
                return;
            }
            if (path.equals(PERMISSION)) {
                permission(exchange, timestamp.getAsLong(), body);
                return;
            }
            List<Message> messages;
            try {
                messages = parse(body);
            } catch (BadPush e) {
                LOG.warn("refused a push: {}", e.getMessage());
                answer(exchange, 400, "bad_request", e.getMessage());
                return;
            }
            MessageSink to = path.equals(SOCKET_PUSH) ? socket : sink;
            MessageSink.Outcome outcome = oneAtATime(() -> to.deliverAll(messages));
            if (outcome == MessageSink.Outcome.NOT_NOW) {
                answer(exchange, 503, "not_ready", "Claude Code cannot take messages yet; retry later.");
                return;
            }
            if (outcome == MessageSink.Outcome.UNAVAILABLE) {
                answer(exchange, 503, "socket_unavailable",
                        "Claude Code's messaging socket is missing or refused the message; it was not delivered.");
                return;
            }
            exchange.getResponseHeaders().set(PushSignature.PROOF_HEADER, secret.signature().prove(
                    timestamp.getAsLong(), messages.stream().map(Message::id).toList()));
            exchange.sendResponseHeaders(204, -1);
        } catch (RuntimeException e) {
            LOG.warn("push failed: {}", e.toString());
        }
    }

    /** An approval's answer: written for Claude Code, and proven with the approval's id. */
    private void permission(HttpExchange exchange, long timestamp, byte[] body) throws IOException {
        PermissionAnswer answer;
        try {
            answer = parseAnswer(body);
        } catch (BadPush e) {
            LOG.warn("refused an approval answer: {}", e.getMessage());
            answer(exchange, 400, "bad_request", e.getMessage());
            return;
        }
        MessageSink.Outcome outcome = oneAtATime(() -> permissions.answer(answer));
        if (outcome == MessageSink.Outcome.NOT_NOW) {
            answer(exchange, 503, "not_ready", "Claude Code cannot take the answer yet; retry later.");
            return;
        }
        exchange.getResponseHeaders().set(PushSignature.PROOF_HEADER,
                secret.signature().prove(timestamp, List.of(answer.approvalId())));
        exchange.sendResponseHeaders(204, -1);
    }

    /** Hands to the agent while no other request does: lines reach it in the order their requests got here. */
    private MessageSink.Outcome oneAtATime(Supplier<MessageSink.Outcome> delivery) {
        delivering.lock();
        try {
            return delivery.get();
        } finally {
            delivering.unlock();
        }
    }

    /** {"approval_id", "request_id", "behavior": "allow" | "deny"}, all strings. */
    private static PermissionAnswer parseAnswer(byte[] bytes) throws BadPush {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw new BadPush("body is not JSON");
        }
        if (n == null || !n.isObject() || !nonBlank(n, "approval_id") || !nonBlank(n, "request_id")
                || !nonBlank(n, "behavior")) {
            throw new BadPush("expected an object with string 'approval_id', 'request_id' and 'behavior'");
        }
        try {
            return new PermissionAnswer(n.path("approval_id").asString(), n.path("request_id").asString(),
                    ApprovalBehavior.fromWire(n.path("behavior").asString()));
        } catch (IllegalArgumentException e) {
            throw new BadPush("'behavior' must be allow or deny");
        }
    }

    private static boolean nonBlank(JsonNode n, String field) {
        return n.path(field).isString() && !n.path(field).asString().isBlank();
    }

    /** The push's timestamp when it is a number within a minute of this clock; empty otherwise. */
    private OptionalLong freshTimestamp(String header) {
        if (header == null) {
            return OptionalLong.empty();
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(header);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
        return Math.abs(clock.millis() - timestamp) <= MAX_SKEW_MILLIS ? OptionalLong.of(timestamp)
                : OptionalLong.empty();
    }

    private static void refuseUnsigned(HttpExchange exchange) throws IOException {
        LOG.warn("refused a push without a valid signature or with a stale timestamp");
        answer(exchange, 401, "unauthorized", "This channel accepts pushes only from its hub.");
    }

    /**
     * One message object or an array of them, read straight into messages: going through a tree first cost a fifth of
     * the channel's CPU per push (BENCHMARKS.md). The reader takes strings only as strings, as the tree check did.
     */
    private static List<Message> parse(byte[] bytes) throws BadPush {
        List<Message> messages;
        try {
            messages = firstNonBlank(bytes) == '['
                    ? Arrays.asList(STRICT.readValue(bytes, Message[].class))
                    : Collections.singletonList(STRICT.readValue(bytes, Message.class));
        } catch (JacksonException e) {
            throw new BadPush(e instanceof StreamReadException ? "body is not JSON"
                    : "not a message: " + e.getOriginalMessage());
        }
        if (messages.isEmpty()) {
            throw new BadPush("empty array: nothing to deliver");
        }
        for (Message m : messages) {
            if (m == null || m.id() == null || m.id().isBlank() || m.text() == null) {
                throw new BadPush("expected a message object (or an array of them) with string 'id' and 'text'");
            }
        }
        return messages;
    }

    private static int firstNonBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b;
            }
        }
        return -1;
    }

    private static void answer(HttpExchange exchange, int status, String code, String error) throws IOException {
        byte[] body = Json.MAPPER.createObjectNode().put("error", error).put("code", code).toString()
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static final class BadPush extends Exception {
        BadPush(String message) {
            super(message);
        }
    }
}
