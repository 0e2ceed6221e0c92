package dev.mosaic.hub;

import dev.mosaic.model.Json;
import dev.mosaic.model.TerminalSize;
import dev.mosaic.pty.Terminal;
import dev.mosaic.pty.Viewer;
import dev.mosaic.pty.ViewerSink;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The terminal WebSocket, {@code GET /api/v1/panes/{id}/terminal} (DESIGN.md §8): binary frames carry the pty's
 * bytes both ways, text frames carry JSON control ({@code resize} in; {@code exit} and {@code error} out). Every
 * refusal (Origin, token, unknown pane) happens before the upgrade, as a plain HTTP answer.
 */
final class TerminalSocket {
    static final String PATH = "/api/v1/panes/{id}/terminal";
    private static final String TERMINAL = "mosaic.terminal";
    /** A viewer whose socket does not take a frame within this long is gone. */
    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final Authenticator auth;
    private final Panes panes;
    private final OriginPolicy origins;
    private final Map<String, Viewer> viewers = new ConcurrentHashMap<>();

    TerminalSocket(Authenticator auth, Panes panes, OriginPolicy origins) {
        this.auth = auth;
        this.panes = panes;
        this.origins = origins;
    }

    void install(RoutesConfig r) {
        r.wsBeforeUpgrade(PATH, ctx -> {
            origins.refusal(ctx.header("Origin"), ctx.req().getLocalPort()).ifPresent(why -> {
                throw ApiError.forbidden(why);
            });
            ctx.attribute(TERMINAL, panes.terminal(operator(ctx), ctx.pathParam("id")));
        });
        r.ws(PATH, ws -> {
            ws.onConnect(ctx -> {
                Terminal terminal = ctx.attribute(TERMINAL);
                viewers.put(ctx.sessionId(), terminal.attach(new SocketSink(ctx.session)));
            });
            ws.onBinaryMessage(ctx -> input(ctx, ctx.data()));
            ws.onMessage(ctx -> control(ctx, ctx.message()));
            ws.onClose(ctx -> closed(ctx));
            ws.onError(ctx -> closed(ctx));
        });
    }

    /**
     * The caller, who must be the operator: by the bearer header, or by the web workstation's session cookie
     * (DESIGN.md §9): a browser cannot set a header on a WebSocket.
     */
    private Caller operator(Context ctx) {
        return auth.authenticate(ctx);
    }

    private void input(WsContext ctx, ByteBuffer data) {
        Viewer viewer = viewers.get(ctx.sessionId());
        Terminal terminal = ctx.attribute(TERMINAL);
        if (viewer == null || terminal == null) {
            return;
        }
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        switch (terminal.write(bytes)) {
            case ACCEPTED -> {
            }
            case EXITED -> viewer.refuse("exited", "the pane's process exited; input goes nowhere");
            case BUSY -> viewer.refuse("busy", "the pane's program is not reading its input; these "
                    + bytes.length + " bytes were dropped");
        }
    }

    private void control(WsContext ctx, String text) {
        Viewer viewer = viewers.get(ctx.sessionId());
        Terminal terminal = ctx.attribute(TERMINAL);
        if (viewer == null || terminal == null) {
            return;
        }
        JsonNode msg;
        try {
            msg = Json.MAPPER.readTree(text);
        } catch (JacksonException e) {
            viewer.refuse("bad_request", "a text frame must be a JSON object like {\"type\":\"resize\",...}");
            return;
        }
        if (msg == null || !"resize".equals(msg.path("type").asString(""))) {
            viewer.refuse("bad_request", "the only control frame is {\"type\":\"resize\",\"cols\":C,\"rows\":R}");
            return;
        }
        JsonNode cols = msg.path("cols");
        JsonNode rows = msg.path("rows");
        if (!cols.isIntegralNumber() || !rows.isIntegralNumber() || !cols.canConvertToInt()
                || !rows.canConvertToInt()) {
            viewer.refuse("bad_request", "resize needs integer cols and rows");
            return;
        }
        var problem = TerminalSize.problem(cols.intValue(), rows.intValue());
        if (problem.isPresent()) {
            viewer.refuse("bad_request", problem.get());
            return;
        }
        TerminalSize size = new TerminalSize(cols.intValue(), rows.intValue());
        if (!size.equals(terminal.size())) {
            if (terminal.resize(size)) {
                panes.resized(terminal.paneId(), size);
            } else {
                viewer.refuse("exited", "the pane's process exited; it has no size to change");
            }
        }
    }

    private void closed(WsContext ctx) {
        Viewer viewer = viewers.remove(ctx.sessionId());
        if (viewer != null) {
            viewer.close();
        }
    }

    /** One viewer's socket: each frame is sent and waited for, on the viewer's own thread. */
    private record SocketSink(Session session) implements ViewerSink {
        @Override
        public void output(byte[] bytes) throws Exception {
            Callback.Completable sent = new Callback.Completable();
            session.sendBinary(ByteBuffer.wrap(bytes), sent);
            sent.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }

        @Override
        public void exited(int code) throws Exception {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "exit");
            m.put("code", code);
            text(m);
        }

        @Override
        public void error(String code, String message) throws Exception {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "error");
            m.put("code", code);
            m.put("error", message);
            text(m);
        }

        private void text(Map<String, Object> m) throws Exception {
            Callback.Completable sent = new Callback.Completable();
            session.sendText(Json.MAPPER.writeValueAsString(m), sent);
            sent.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }

        @Override
        public void closed(String reason) {
            if (session.isOpen()) {
                byte[] r = reason.getBytes(StandardCharsets.UTF_8);
                // A close reason may hold at most 123 bytes.
                String shortReason = r.length <= 120 ? reason : new String(r, 0, 120, StandardCharsets.UTF_8);
                session.close(reason.startsWith("too slow") ? StatusCode.POLICY_VIOLATION : StatusCode.NORMAL, shortReason,
                        Callback.NOOP);
            }
        }
    }
}
