package dev.mosaic.channel;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * stdin as the SDK sees it: only lines the SDK can parse get through. The SDK's stdio reader stops for good at
 * the first line it cannot turn into a JSON-RPC message, which would silently end the channel; so every line is
 * checked here with the SDK's own parser first, and a bad one is answered (parse error or invalid request) and
 * dropped. Requests the SDK would mishandle are answered here too: {@code ping} at once (the SDK holds every request
 * but {@code initialize} until {@code notifications/initialized}), and params {@link ParamsCheck} refuses. It also
 * notices {@code notifications/initialized} and the end of stdin, and takes the permission relay's requests out for
 * the listener.
 */
final class StdinFilter extends InputStream {
    private static final Logger LOG = LoggerFactory.getLogger(StdinFilter.class);
    static final int MAX_LINE = 16 * 1024 * 1024;
    /**
     * Notifications passed on. Others are dropped: this server needs none of them, and an exception in an SDK
     * notification handler would end its reader loop just as a bad line does.
     */
    private static final Set<String> NOTIFICATIONS = Set.of(McpSchema.METHOD_NOTIFICATION_INITIALIZED,
            "notifications/cancelled");

    /** Claude Code's permission relay: a tool approval it asks for (shared/CLAUDE-CODE.md). */
    static final String PERMISSION_REQUEST = "notifications/claude/channel/permission_request";

    /** What the filter tells the rest of the channel. */
    interface Listener {
        void initialized();

        void endOfInput();

        /** Claude Code asks the operator for a tool approval (the permission relay); {@code params} as sent. */
        void permissionRequest(Object params);
    }

    private final InputStream in;
    private final McpJsonMapper mapper;
    private final WatchedStdout stdout;
    private final Listener listener;
    private final ParamsCheck params;
    private byte[] line = new byte[0];
    private int pos;
    private boolean ended;

    StdinFilter(InputStream in, McpJsonMapper mapper, WatchedStdout stdout, Listener listener, ParamsCheck params) {
        this.in = new BufferedInputStream(in, 64 * 1024);
        this.mapper = mapper;
        this.stdout = stdout;
        this.listener = listener;
        this.params = params;
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return line[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, line.length - pos);
        System.arraycopy(line, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() {
        return line.length - pos;
    }

    /** Makes sure there are admitted bytes to hand out; false at the end of stdin. */
    private boolean fill() throws IOException {
        while (pos >= line.length) {
            if (ended) {
                return false;
            }
            String next = nextLine();
            if (next == null) {
                ended = true;
                listener.endOfInput();
                return false;
            }
            byte[] admitted;
            try {
                admitted = admit(next);
            } catch (RuntimeException e) {
                // An exception here would end the SDK's reading of stdin for good: the channel would live on, deaf.
                LOG.warn("dropped a line on stdin that could not be checked: {}", e.toString());
                admitted = null;
            }
            if (admitted != null) {
                line = admitted;
                pos = 0;
            }
        }
        return true;
    }

    /** The next line without its terminator, null at the end; an over-long line is skipped and answered. */
    private String nextLine() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
        boolean tooLong = false;
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                if (tooLong) {
                    answer(null, McpSchema.ErrorCodes.INVALID_REQUEST, "Message longer than " + MAX_LINE
                            + " bytes; it was dropped.");
                    buf.reset();
                    tooLong = false;
                    continue;
                }
                return strip(buf.toString(StandardCharsets.UTF_8));
            }
            if (buf.size() >= MAX_LINE) {
                tooLong = true;
                buf.reset();
            }
            if (!tooLong) {
                buf.write(c);
            }
        }
        return buf.size() == 0 ? null : strip(buf.toString(StandardCharsets.UTF_8));
    }

    private static String strip(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** The bytes to pass on for this line (with its newline), or null when it is dropped. */
    private byte[] admit(String text) {
        if (text.isBlank()) {
            return null;
        }
        Object parsed;
        try {
            parsed = mapper.readValue(text, Object.class);
        } catch (IOException | RuntimeException e) {
            LOG.warn("dropped a line on stdin that is not JSON ({} characters)", text.length());
            answer(null, McpSchema.ErrorCodes.PARSE_ERROR, "Parse error: each line must be one JSON-RPC message.");
            return null;
        }
        if (!(parsed instanceof Map<?, ?> object)) {
            answer(null, McpSchema.ErrorCodes.INVALID_REQUEST,
                    "Invalid request: expected one JSON-RPC object per line (batches are not supported).");
            return null;
        }
        Object id = object.get("id");
        boolean hasScalarId = id instanceof String || id instanceof Number;
        try {
            McpSchema.deserializeJsonRpcMessage(mapper, text);
        } catch (IOException | RuntimeException e) {
            LOG.warn("dropped an invalid JSON-RPC message on stdin: {}", e.getMessage());
            if (hasScalarId || !object.containsKey("method")) {
                answer(hasScalarId ? id : null, McpSchema.ErrorCodes.INVALID_REQUEST,
                        "Invalid request: not a JSON-RPC 2.0 request, notification or response.");
            }
            return null;
        }
        Object method = object.get("method");
        if (method != null && hasScalarId) {
            if (McpSchema.METHOD_PING.equals(method)) {
                respond(id, Map.of());
                return null;
            }
            String problem = params.problem(String.valueOf(method), object.get("params")).orElse(null);
            if (problem != null) {
                LOG.debug("refused {}: {}", method, problem);
                answer(id, McpSchema.ErrorCodes.INVALID_PARAMS, problem);
                return null;
            }
        }
        if (method != null && !object.containsKey("id")) {
            if (PERMISSION_REQUEST.equals(method)) {
                // Handled here: the SDK has no handler for it, and it is the channel's business, not the server's.
                listener.permissionRequest(object.get("params"));
                return null;
            }
            if (!NOTIFICATIONS.contains(String.valueOf(method))) {
                LOG.debug("ignored notification {}", method);
                return null;
            }
            if (McpSchema.METHOD_NOTIFICATION_INITIALIZED.equals(method)) {
                listener.initialized();
            }
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] withNewline = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, withNewline, 0, bytes.length);
        withNewline[bytes.length] = '\n';
        return withNewline;
    }

    private void answer(Object id, int code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        write(id, "error", error);
    }

    private void respond(Object id, Object result) {
        write(id, "result", result);
    }

    private void write(Object id, String kind, Object body) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("jsonrpc", McpSchema.JSONRPC_VERSION);
        response.put("id", id);
        response.put(kind, body);
        try {
            stdout.writeLine(mapper.writeValueAsBytes(response));
        } catch (IOException e) {
            LOG.warn("could not answer a line on stdin: {}", e.toString());
        }
    }
}
