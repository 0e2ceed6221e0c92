package dev.mosaic.channel;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * {@code mosaic channel}: the MCP stdio server Claude Code starts, which turns messages the hub pushes into
 * {@code notifications/claude/channel} and gives the agent tools to send, reply, list agents and read its inbox.
 */
public final class Channel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Channel.class);
    /** Below the hub's 2 s push timeout, so an early or stuck push gets a clear 503 instead of a timeout. */
    private static final Duration PUSH_PATIENCE = Duration.ofMillis(1500);

    private final CountDownLatch stdinEnded = new CountDownLatch(1);
    private final AgentNotifier notifier;
    private final PushEndpoint push;
    private final HubLink hub;
    private final PermissionForwarder permissions;
    private final McpSyncServer server;
    private boolean closed; // guarded by this

    private Channel(Map<String, String> env, InputStream stdin, OutputStream stdout, String version,
                    HubLink.Timing timing, PushSecret secret) throws IOException {
        McpJsonMapper mapper = new JacksonMcpJsonMapper(JsonMapper.builder().build());
        InitializedGate initialized = new InitializedGate();
        // The forwarder needs the hub link, made after stdin's filter; a request cannot come before initialize.
        CompletableFuture<PermissionForwarder> permissionRequests = new CompletableFuture<>();
        WatchedStdout out = new WatchedStdout(stdout);
        StdinFilter in = new StdinFilter(stdin, mapper, out, new StdinFilter.Listener() {
            @Override
            public void initialized() {
                initialized.open();
            }

            @Override
            public void endOfInput() {
                stdinEnded.countDown();
            }

            @Override
            public void permissionRequest(Object params) {
                permissionRequests.thenAccept(f -> f.request(params));
            }
        }, new ParamsCheck(ChannelTools.NAMES));
        SerialTransportProvider transport =
                new SerialTransportProvider(new StdioServerTransportProvider(mapper, in, out));
        SeenIds seen = new SeenIds(10_000);
        this.notifier = new AgentNotifier(out, initialized, seen, mapper, PUSH_PATIENCE);
        Optional<ClaudeSocket> socket = ClaudeSocket.from(env, PUSH_PATIENCE);
        this.push = PushEndpoint.start(secret, notifier, socket.<MessageSink>map(s -> s).orElse(m -> {
            LOG.warn("mosaic channel: the hub asked to deliver message {} through Claude Code's messaging socket, but "
                    + "Claude Code gave this process none ({})", m.id(), ClaudeSocket.SOCKET_ENV);
            return MessageSink.Outcome.UNAVAILABLE;
        }), notifier);
        this.hub = new HubLink(HubLocation.from(env), push.port(), secret, socket.map(ClaudeSocket::offer)
                .orElse(SocketOffer.NONE), timing);
        this.permissions = new PermissionForwarder(hub);
        permissionRequests.complete(permissions);
        this.server = McpServer.sync(transport)
                .serverInfo("mosaic-channel", version)
                .instructions(Instructions.TEXT)
                .capabilities(McpSchema.ServerCapabilities.builder()
                        // The second one asks Claude Code to relay its permission prompts here (DESIGN §10).
                        .experimental(Map.of("claude/channel", Map.of(), "claude/channel/permission", Map.of()))
                        .tools(false)
                        .build())
                .tools(new ChannelTools(hub, seen, mapper).specifications())
                // ToolArguments checks arguments and says what to do; the SDK's checker would answer first.
                .validateToolInputs(false)
                .jsonSchemaValidator(new SkippedSchemaValidator())
                .jsonMapper(mapper)
                .build();
        hub.start();
        LOG.debug("push endpoint on 127.0.0.1:{}", push.port());
    }

    /** Starts serving MCP on these streams; the hub is found from env (see {@link HubLocation}). */
    public static Channel start(Map<String, String> env, InputStream stdin, OutputStream stdout, String version) {
        return start(env, stdin, stdout, version, HubLink.Timing.defaults(), PushSecret.random());
    }

    static Channel start(Map<String, String> env, InputStream stdin, OutputStream stdout, String version,
                         HubLink.Timing timing, PushSecret secret) {
        try {
            return new Channel(env, stdin, stdout, version, timing, secret);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on a loopback port for pushes", e);
        }
    }

    /** Blocks until Claude Code closes stdin. */
    public void awaitEndOfInput() throws InterruptedException {
        stdinEnded.await();
    }

    int pushPort() {
        return push.port();
    }

    /** Unregisters from the hub first (so it stops pushing and falls back to the inbox), then stops serving. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        permissions.close();
        hub.close();
        push.close();
        notifier.close();
        server.close();
        LOG.debug("channel closed");
    }
}
