package dev.mosaic.client;

import dev.mosaic.model.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** A small client of the hub's HTTP API, shared by the command line and the channel. */
public final class HubClient {
    private final HubAddress address;
    private final HttpClient http;

    public HubClient(HubAddress address) {
        this.address = address;
        // A hub behind TLS (https://) gets the JDK's TLS; the usual http:// hub need not pay for setting it up.
        HttpClient.Builder builder = address.url().startsWith("http://") ? PlainHttpOnly.builder()
                : HttpClient.newBuilder();
        this.http = builder
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(3))
                .build();
    }

    public HubAddress address() {
        return address;
    }

    public JsonNode health() {
        return call("GET", "/api/v1/health", null, Duration.ofSeconds(5));
    }

    /** Live panes and exited ones with unread messages. */
    public JsonNode panes() {
        return panes(false);
    }

    /** With {@code all}, also stopped panes and exited ones with nothing unread. */
    public JsonNode panes(boolean all) {
        return call("GET", "/api/v1/panes" + (all ? "?all=true" : ""), null, Duration.ofSeconds(10));
    }

    /** A one-time login link for the web workstation (operator only): {@code {url, expires_in_seconds}}. */
    public JsonNode loginLink() {
        return call("POST", "/api/v1/login-codes", object(), Duration.ofSeconds(10));
    }

    public JsonNode join(String name) {
        return call("POST", "/api/v1/panes", object().put("name", name), Duration.ofSeconds(10));
    }

    /** Sends; {@code to} may be empty for a reply (the hub answers the other party). */
    public JsonNode send(List<String> to, String text, String subject, String replyTo, String idempotencyKey) {
        ObjectNode body = object();
        if (to.size() == 1) {
            body.put("to", to.getFirst());
        } else if (!to.isEmpty()) {
            to.forEach(body.putArray("to")::add);
        }
        body.put("text", text);
        putIf(body, "subject", subject);
        putIf(body, "reply_to", replyTo);
        putIf(body, "idempotency_key", idempotencyKey);
        return call("POST", "/api/v1/messages", body, Duration.ofSeconds(10));
    }

    /** The inbox of the pane in the address (the operator's without one). */
    public JsonNode inbox(int limit, boolean peek, double waitSeconds) {
        return inbox(limit, peek, false, waitSeconds);
    }

    /** The inbox; with {@code all}, pushed messages not yet read come too. */
    public JsonNode inbox(int limit, boolean peek, boolean all, double waitSeconds) {
        String party = address.isOperator() ? "operator" : address.paneId();
        String query = "?limit=" + limit + (peek ? "&peek=true" : "") + (all ? "&all=true" : "")
                + (waitSeconds > 0 ? "&wait=" + waitSeconds : "");
        return call("GET", "/api/v1/panes/" + enc(party) + "/inbox" + query, null,
                Duration.ofSeconds((long) waitSeconds + 10));
    }

    public JsonNode message(String id) {
        return call("GET", "/api/v1/messages/" + enc(id), null, Duration.ofSeconds(10));
    }

    public JsonNode thread(String threadId) {
        return call("GET", "/api/v1/threads/" + enc(threadId), null, Duration.ofSeconds(10));
    }

    /** GET /api/v1/search: messages holding every word, newest first. */
    public JsonNode search(String query, int limit) {
        return call("GET", "/api/v1/search?q=" + enc(query) + "&limit=" + limit, null, Duration.ofSeconds(10));
    }

    public JsonNode ack(String messageId) {
        return call("POST", "/api/v1/messages/" + enc(messageId) + "/ack", null, Duration.ofSeconds(10));
    }

    /**
     * @param socket the channel can also deliver through Claude Code's messaging socket (DESIGN §10)
     * @param socketFirst Claude Code drops this channel's notifications: deliver through the socket from the start
     */
    public void registerChannel(int port, String secret, boolean socket, boolean socketFirst) {
        ObjectNode body = object().put("port", port).put("secret", secret).put("socket", socket);
        if (socketFirst) {
            body.put("socket_first", true);
        }
        call("PUT", "/api/v1/panes/" + enc(address.paneId()) + "/channel", body, Duration.ofSeconds(5));
    }

    /**
     * Stops a pane (its messages stay); a pane may stop itself. A spawned pane's processes get SIGTERM, then
     * SIGKILL after 5 s, before the answer: hence the long timeout.
     */
    public void stopPane(String paneId) {
        call("DELETE", "/api/v1/panes/" + enc(paneId), null, Duration.ofSeconds(30));
    }

    /** One pane by id. */
    public JsonNode pane(String paneId) {
        return call("GET", "/api/v1/panes/" + enc(paneId), null, Duration.ofSeconds(10));
    }

    /**
     * Runs a command in a new pane's pseudo-terminal (operator only). cwd, cols and rows may be null for the hub's
     * defaults; the answer carries id, name, status, kind, pid and the pane's token.
     */
    public JsonNode spawn(String name, List<String> command, String cwd, java.util.Map<String, String> env,
                          Integer cols, Integer rows) {
        return spawn(name, command, cwd, env, cols, rows, null);
    }

    /** {@link #spawn} naming the pane's lead (a live pane's name or id, or null): it may answer its approvals. */
    public JsonNode spawn(String name, List<String> command, String cwd, java.util.Map<String, String> env,
                          Integer cols, Integer rows, String lead) {
        ObjectNode body = spawnBody(name, command, cwd, env, cols, rows);
        putIf(body, "lead", lead);
        return call("POST", "/api/v1/panes", body, Duration.ofSeconds(30));
    }

    /**
     * Spawns Claude Code: like {@link #spawn}, and with answerWarning the hub answers its development-channels
     * warning once it is on screen ({@code "auto_confirm": "dev_channels_warning"}).
     */
    public JsonNode spawnClaude(String name, List<String> command, String cwd, java.util.Map<String, String> env,
                                boolean answerWarning) {
        return spawnClaude(name, command, cwd, env, answerWarning, null);
    }

    /** {@link #spawnClaude} naming the pane's lead (a live pane's name or id, or null). */
    public JsonNode spawnClaude(String name, List<String> command, String cwd, java.util.Map<String, String> env,
                                boolean answerWarning, String lead) {
        ObjectNode body = spawnBody(name, command, cwd, env, null, null);
        putIf(body, "lead", lead);
        if (answerWarning) {
            body.put("auto_confirm", "dev_channels_warning");
        }
        return call("POST", "/api/v1/panes", body, Duration.ofSeconds(30));
    }

    private static ObjectNode spawnBody(String name, List<String> command, String cwd,
                                        java.util.Map<String, String> env, Integer cols, Integer rows) {
        ObjectNode body = object().put("name", name);
        command.forEach(body.putArray("command")::add);
        putIf(body, "cwd", cwd);
        if (!env.isEmpty()) {
            ObjectNode e = body.putObject("env");
            env.forEach(e::put);
        }
        if (cols != null) {
            body.put("cols", cols);
        }
        if (rows != null) {
            body.put("rows", rows);
        }
        return body;
    }

    /** The last tailBytes bytes of a spawned pane's output, raw. */
    public byte[] output(String paneId, int tailBytes) {
        HttpRequest request = request("GET", "/api/v1/panes/" + enc(paneId) + "/output?tail_bytes=" + tailBytes,
                null, Duration.ofSeconds(10)).build();
        try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw refusal(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
            }
            return r.body();
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException(0, "unreachable", "interrupted while calling the hub");
        }
    }

    /** Opens a pane's terminal WebSocket (operator only). */
    public TerminalConnection terminal(String paneId, TerminalListener listener) {
        return TerminalConnection.open(http, address, paneId, listener);
    }

    /**
     * The pane a user means by NAME: a pane id, else the live pane of that name (case-insensitive), else the most
     * recent pane of that name. Throws a 404 {@link HubException} when none matches.
     */
    public JsonNode findPane(String nameOrId) {
        JsonNode byName = null;
        for (JsonNode p : panes().path("panes")) {
            if (p.path("id").asString().equals(nameOrId)) {
                return p;
            }
            if (p.path("name").asString().equalsIgnoreCase(nameOrId)
                    && (byName == null || !byName.path("status").asString().equals("live"))) {
                byName = p;
            }
        }
        if (byName == null) {
            throw new HubException(404, "not_found", "no pane is named or has the id " + nameOrId);
        }
        return byName;
    }

    /** Forwards a relayed permission request of this pane (the channel's part of DESIGN §10). */
    public JsonNode relayApproval(ObjectNode request) {
        return call("POST", "/api/v1/panes/" + enc(address.paneId()) + "/approvals", request, Duration.ofSeconds(5));
    }

    /** Approvals, oldest first: every one, or only those with the given status (null: all). */
    public JsonNode approvals(String status) {
        return call("GET", "/api/v1/approvals" + (status == null ? "" : "?status=" + enc(status)), null,
                Duration.ofSeconds(10));
    }

    /** Answers an approval: {@code behavior} is "allow" or "deny". */
    public JsonNode answerApproval(String id, String behavior) {
        return call("POST", "/api/v1/approvals/" + enc(id), object().put("behavior", behavior),
                Duration.ofSeconds(10));
    }

    /**
     * Creates a room (DESIGN.md §11): members by name or id, the moderator a pane or "operator" (null: the caller),
     * the policy "open", "round_robin" or "moderated" (null: open), maxTurns null for the hub's default.
     */
    public JsonNode createRoom(String name, List<String> members, String moderator, String policy, Integer maxTurns) {
        ObjectNode body = object().put("name", name);
        members.forEach(body.putArray("members")::add);
        putIf(body, "moderator", moderator);
        putIf(body, "policy", policy);
        if (maxTurns != null) {
            body.put("max_turns", maxTurns);
        }
        return call("POST", "/api/v1/rooms", body, Duration.ofSeconds(10));
    }

    /** One room by id or name, with its transcript ({@code posts}). */
    public JsonNode room(String idOrName) {
        return call("GET", "/api/v1/rooms/" + enc(idOrName), null, Duration.ofSeconds(10));
    }

    /** The rooms this caller may see, oldest first: {@code {"rooms": [...]}}. */
    public JsonNode rooms() {
        return call("GET", "/api/v1/rooms", null, Duration.ofSeconds(10));
    }

    /** Posts to a room: {@code {post, room, messages}}; 409 not_your_turn when it is someone else's turn. */
    public JsonNode roomPost(String idOrName, String text) {
        return roomPost(idOrName, text, null);
    }

    /**
     * Posts to a room with an idempotency key (null: none): a retry with the same key within 24 h stores nothing
     * and gets the first post's answer.
     */
    public JsonNode roomPost(String idOrName, String text, String idempotencyKey) {
        ObjectNode body = object().put("text", text);
        putIf(body, "idempotency_key", idempotencyKey);
        return call("POST", "/api/v1/rooms/" + enc(idOrName) + "/posts", body, Duration.ofSeconds(10));
    }

    /** Gives a member the floor (the room's moderator only): the room as it is now. */
    public JsonNode passFloor(String idOrName, String to) {
        return call("POST", "/api/v1/rooms/" + enc(idOrName) + "/floor", object().put("to", to),
                Duration.ofSeconds(10));
    }

    /** Closes a room (its moderator or the operator): the room as it is now. */
    public JsonNode closeRoom(String idOrName) {
        return call("POST", "/api/v1/rooms/" + enc(idOrName) + "/close", object(), Duration.ofSeconds(10));
    }

    public void unregisterChannel(int port) {
        call("DELETE", "/api/v1/panes/" + enc(address.paneId()) + "/channel", object().put("port", port),
                Duration.ofSeconds(3));
    }

    /**
     * Opens this pane's presence stream for the channel on {@code port} (DESIGN §4); the caller reads its lines and
     * closes the body. A refusal is a {@link HubException} with the hub's code ({@code not_registered}: register
     * first).
     */
    public HttpResponse<java.io.InputStream> presence(int port) {
        HttpRequest request = request("GET", "/api/v1/panes/" + URLEncoder.encode(address.paneId(),
                StandardCharsets.UTF_8) + "/channel/presence?port=" + port, null, null)
                .header("Accept", "text/event-stream").build();
        try {
            HttpResponse<java.io.InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                try (java.io.InputStream body = r.body()) {
                    throw refusal(r.statusCode(), new String(body.readNBytes(64 * 1024), StandardCharsets.UTF_8));
                }
            }
            return r;
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException(0, "unreachable", "interrupted");
        }
    }

    /** Opens the operator's event stream; the caller reads lines from the body. */
    public HttpResponse<java.util.stream.Stream<String>> events() {
        return events(null);
    }

    /** Opens the event stream after the event with that id (null: from now), as an SSE client reconnects. */
    public HttpResponse<java.util.stream.Stream<String>> events(String lastEventId) {
        HttpRequest.Builder builder = request("GET", "/api/v1/events", null, null)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            builder.header("Last-Event-ID", lastEventId);
        }
        HttpRequest request = builder.build();
        try {
            HttpResponse<java.util.stream.Stream<String>> r = http.send(request, HttpResponse.BodyHandlers.ofLines());
            if (r.statusCode() != 200) {
                String body = String.join("\n", r.body().toList());
                throw refusal(r.statusCode(), body);
            }
            return r;
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException(0, "unreachable", "interrupted");
        }
    }

    private JsonNode call(String method, String path, ObjectNode body, Duration timeout) {
        HttpRequest request = request(method, path, body, timeout).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new HubException(0, "unreachable", "the hub at " + address.url() + " did not answer in time");
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException(0, "unreachable", "interrupted while calling the hub");
        }
        if (response.statusCode() / 100 != 2) {
            throw refusal(response.statusCode(), response.body());
        }
        if (response.statusCode() == 204 || response.body().isEmpty()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (JacksonException e) {
            throw new HubException(response.statusCode(), "bad_response", "the hub answered something that is not "
                    + "JSON: " + e.getOriginalMessage());
        }
    }

    private HttpRequest.Builder request(String method, String path, ObjectNode body, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(address.url() + path))
                .header("Authorization", "Bearer " + address.token());
        if (timeout != null) {
            b.timeout(timeout);
        }
        if (body != null) {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return b;
    }

    private HubException unreachable(IOException e) {
        return new HubException(0, "unreachable", "cannot reach the hub at " + address.url() + " (" + e + "); is "
                + "`mosaic up` running?");
    }

    private static HubException refusal(int status, String body) {
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            return new HubException(status, n.path("code").asString("http_" + status),
                    n.path("error").asString("HTTP " + status));
        } catch (JacksonException e) {
            return new HubException(status, "http_" + status, "HTTP " + status + ": " + body);
        }
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static void putIf(ObjectNode body, String field, String value) {
        if (value != null) {
            body.put(field, value);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
