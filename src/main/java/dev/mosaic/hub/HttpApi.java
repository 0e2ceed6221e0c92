package dev.mosaic.hub;

import dev.mosaic.model.Json;
import dev.mosaic.model.Limits;
import dev.mosaic.model.Message;
import dev.mosaic.model.Quote;
import dev.mosaic.store.StoreUnavailableException;
import dev.mosaic.store.UnstorableTextException;
import dev.mosaic.web.LoginCodes;
import dev.mosaic.web.LoginLinks;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.sse.SseClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/** The routes of the HTTP API v1 (DESIGN.md §3): parse, authenticate, call the services, write JSON. */
final class HttpApi {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    static final String JSON = "application/json";
    private static final String CALLER = "mosaic.caller";

    private final Authenticator auth;
    private final Panes panes;
    private final Messages messages;
    private final EventBus bus;
    private final TerminalSocket terminals;
    private final String version;
    private final OriginPolicy origins;
    private final LoginLinks loginLinks;
    private final AgentStates agents;
    private final ApprovalRoutes approvals;

    HttpApi(Authenticator auth, Panes panes, Messages messages, EventBus bus, TerminalSocket terminals,
            String version, OriginPolicy origins, LoginLinks loginLinks, AgentStates agents, ApprovalRoutes approvals) {
        this.origins = origins;
        this.loginLinks = loginLinks;
        this.auth = auth;
        this.panes = panes;
        this.messages = messages;
        this.bus = bus;
        this.terminals = terminals;
        this.version = version;
        this.agents = agents;
        this.approvals = approvals;
    }

    /**
     * A channel's health check (every 5 s, with its pane's token) keeps its push promise fresh. Health stays open to
     * anyone: a missing or unknown token here changes nothing and is no error.
     */
    private void renewChannelLease(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization == null) {
            return;
        }
        try {
            panes.healthCheckedBy(auth.authenticate(authorization));
        } catch (ApiError | StoreUnavailableException e) {
            // not a pane, or the store is away: health answers anyway, the lease simply is not renewed now
        }
    }

    void install(JavalinConfig config) {
        var r = config.routes;
        r.before("/api/v1/*", ctx -> {
            checkOrigin(ctx);
            if (!ctx.path().equals("/api/v1/health")) {
                ctx.attribute(CALLER, auth.authenticate(ctx));
            }
        });
        r.get("/api/v1/health", ctx -> {
            renewChannelLease(ctx);
            json(ctx, 200, Map.of("status", "ok", "version", version));
        });

        r.get("/api/v1/panes", ctx -> json(ctx, 200, Map.of("panes", panes.list(boolParam(ctx, "all")))));
        r.post("/api/v1/panes", this::createPane);
        r.get("/api/v1/panes/{id}", ctx -> json(ctx, 200, panes.get(caller(ctx), ctx.pathParam("id"))));
        r.delete("/api/v1/panes/{id}", ctx -> {
            panes.stop(caller(ctx), ctx.pathParam("id"));
            ctx.status(204);
        });
        r.put("/api/v1/panes/{id}/channel", ctx -> {
            JsonBody body = JsonBody.read(ctx);
            int port = body.requiredInt("port", 1, 65535);
            String secret = body.requiredString("secret");
            if (secret.length() < 16 || secret.length() > 512) {
                throw ApiError.badRequest("'secret' must have 16 to 512 characters");
            }
            boolean socket = body.optionalBoolean("socket");
            boolean socketFirst = body.optionalBoolean("socket_first");
            if (socketFirst && !socket) {
                throw ApiError.badRequest("'socket_first' needs 'socket': true (a channel without Claude Code's "
                        + "messaging socket cannot deliver through it)");
            }
            panes.registerChannel(caller(ctx), ctx.pathParam("id"), port, secret, socket, socketFirst);
            ctx.status(204);
        });
        r.delete("/api/v1/panes/{id}/channel", ctx -> {
            JsonBody body = JsonBody.read(ctx);
            panes.unregisterChannel(caller(ctx), ctx.pathParam("id"), body.requiredInt("port", 1, 65535));
            ctx.status(204);
        });
        r.post("/api/v1/panes/{id}/agent-events", ctx -> {
            HookEvent event = HookEvent.from(JsonBody.read(ctx));
            json(ctx, 200, agents.report(caller(ctx), ctx.pathParam("id"), event));
        });
        approvals.install(r);
        r.get("/api/v1/panes/{id}/inbox", this::inbox);
        r.get("/api/v1/panes/{id}/output", ctx -> {
            int tail = intParam(ctx, "tail_bytes", Integer.MAX_VALUE, 0, Integer.MAX_VALUE);
            ctx.status(200).contentType("application/octet-stream")
                    .result(panes.output(caller(ctx), ctx.pathParam("id"), tail));
        });
        terminals.install(r);

        r.post("/api/v1/messages", ctx -> {
            Messages.SendReply reply = messages.send(caller(ctx), SendRequest.from(JsonBody.read(ctx)));
            ctx.status(reply.status()).contentType(JSON).result(reply.json());
        });
        r.post("/api/v1/login-codes", ctx -> {
            if (!caller(ctx).isOperator()) {
                throw ApiError.forbidden("only the operator makes login links");
            }
            Map<String, Object> link = new LinkedHashMap<>();
            link.put("url", loginLinks.issue());
            link.put("expires_in_seconds", LoginCodes.LIFETIME.toSeconds());
            json(ctx, 201, link);
        });
        r.get("/api/v1/messages", ctx -> json(ctx, 200, Map.of("messages", messages.recent(caller(ctx),
                intParam(ctx, "limit", Limits.DEFAULT_RECENT_LIMIT, 1, Limits.MAX_RECENT_LIMIT)))));
        r.get("/api/v1/messages/{id}", ctx -> json(ctx, 200, messages.message(caller(ctx), ctx.pathParam("id"))));
        r.post("/api/v1/messages/{id}/ack", ctx -> json(ctx, 200, messages.ack(caller(ctx), ctx.pathParam("id"))));
        r.get("/api/v1/search", ctx -> json(ctx, 200, Map.of("messages", messages.search(caller(ctx),
                ctx.queryParam("q"), intParam(ctx, "limit", Limits.DEFAULT_SEARCH_LIMIT, 1, Limits.MAX_SEARCH_LIMIT)))));
        r.get("/api/v1/threads/{id}", ctx ->
                json(ctx, 200, Map.of("messages", messages.thread(caller(ctx), ctx.pathParam("id")))));

        r.before("/api/v1/events", ctx -> {
            if (!caller(ctx).isOperator()) {
                throw ApiError.forbidden("the event stream is the operator's");
            }
            String accept = ctx.header("Accept");
            if (accept == null || !accept.contains("text/event-stream")) {
                throw ApiError.badRequest("the event stream is Server-Sent Events: send 'Accept: text/event-stream'");
            }
        });
        r.sse("/api/v1/events", this::events);

        r.exception(ApiError.class, (e, ctx) -> {
            e.headers().forEach(ctx::header);
            error(ctx, e.status(), e.code(), e.getMessage());
        });
        r.exception(UnstorableTextException.class, (e, ctx) ->
                error(ctx, 400, "bad_request", e.getMessage() + "; nothing was stored"));
        r.exception(StoreUnavailableException.class, (e, ctx) -> {
            LOG.warn("store unavailable: {}", e.getMessage());
            error(ctx, 503, "store_unavailable", "the message store is unavailable: " + e.getMessage()
                    + "; nothing was changed, try again");
        });
        r.exception(HttpResponseException.class, (e, ctx) -> {
            int status = e.getStatus();
            String code = switch (status) {
                case 413 -> "too_large";
                case 404 -> "not_found";
                case 401 -> "unauthorized";
                case 403 -> "forbidden";
                default -> status >= 500 ? "internal" : "bad_request";
            };
            error(ctx, status, code, status == 413 ? "the request body is too large" : e.getMessage());
        });
        r.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal", "the hub failed unexpectedly; see its log");
        });
        r.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty() || !JSON.equals(ctx.contentType())) {
                error(ctx, 404, "not_found", "no such endpoint: " + ctx.method() + " " + ctx.path());
            }
        });
        r.error(405, ctx -> error(ctx, 405, "bad_request", "method " + ctx.method() + " is not allowed on "
                + ctx.path()));
    }

    /**
     * A state-changing request from another site's page is refused (DESIGN.md §9), whatever it authenticates
     * with. A browser always sends Origin on these; one that rides on the session cookie without it is refused too.
     */
    private void checkOrigin(Context ctx) {
        String method = ctx.method().name();
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            return;
        }
        String origin = ctx.header("Origin");
        origins.refusal(origin, ctx.req().getLocalPort()).ifPresent(why -> {
            throw ApiError.forbidden("a " + method + " is accepted only from the hub's own pages, not from origin "
                    + origin);
        });
        if (origin == null && auth.byCookie(ctx)) {
            throw ApiError.forbidden("a " + method + " with the session cookie must carry the page's Origin");
        }
    }

    private void createPane(Context ctx) {
        Caller caller = caller(ctx);
        if (!caller.isOperator()) {
            throw ApiError.forbidden("only the operator adds panes");
        }
        JsonBody body = JsonBody.read(ctx);
        var lead = approvals.leadIn(body);
        if (body.has("command") || body.has("agent")) {
            Panes.Spawned spawned = panes.spawn(SpawnRequest.from(body));
            approvals.nameLead(spawned.id(), lead);
            json(ctx, 201, spawned);
            return;
        }
        Panes.Joined joined = panes.join(body.requiredString("name"));
        approvals.nameLead(joined.id(), lead);
        json(ctx, 201, joined);
    }

    private void inbox(Context ctx) throws InterruptedException {
        int limit = intParam(ctx, "limit", Limits.MAX_INBOX_LIMIT, 1, Limits.MAX_INBOX_LIMIT);
        boolean peek = boolParam(ctx, "peek");
        boolean all = boolParam(ctx, "all"); // pushed messages not yet read come too
        Duration wait = waitParam(ctx);
        List<Message> found = messages.inbox(caller(ctx), ctx.pathParam("id"), limit, peek, all, wait);
        json(ctx, 200, Map.of("messages", found));
    }

    private void events(SseClient client) {
        // Subscribe before the opening comment, so no event published meanwhile is missed; but the response stream
        // takes one writer at a time, so the subscriber's writer waits until the comment is out.
        ReentrantLock writing = new ReentrantLock();
        writing.lock();
        try {
            EventBus.Subscriber sub = bus.subscribe(client.ctx().header("Last-Event-ID"), (id, type, json) -> {
                writing.lock();
                try {
                    client.sendEvent(type, json, id);
                } finally {
                    writing.unlock();
                }
            }, client::close);
            client.onClose(sub::close);
            client.sendComment("mosaic events");
        } finally {
            writing.unlock();
        }
        client.keepAlive();
    }

    static Caller caller(Context ctx) {
        return ctx.attribute(CALLER);
    }

    private static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiError.badRequest("'" + name + "' must be an integer from " + min + " to " + max + ", not "
                + Quote.of(v));
    }

    private static boolean boolParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.equals("false")) {
            return false;
        }
        if (v.equals("true") || v.isEmpty()) {
            return true;
        }
        throw ApiError.badRequest("'" + name + "' must be true or false, not " + Quote.of(v));
    }

    private static Duration waitParam(Context ctx) {
        String v = ctx.queryParam("wait");
        if (v == null) {
            return Duration.ZERO;
        }
        try {
            double s = Double.parseDouble(v);
            if (s >= 0 && s <= Limits.MAX_WAIT_SECONDS) {
                return Duration.ofMillis(Math.round(s * 1000));
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiError.badRequest("'wait' must be a number of seconds from 0 to " + Limits.MAX_WAIT_SECONDS
                + ", not " + Quote.of(v));
    }

    static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType(JSON).result(Json.MAPPER.writeValueAsBytes(body));
    }

    private static void error(Context ctx, int status, String code, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("code", code);
        json(ctx, status, body);
    }
}
