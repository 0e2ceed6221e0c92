package dev.mosaic.channel;

import dev.mosaic.model.Json;
import dev.mosaic.model.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The second path to the agent (DESIGN §10): Claude Code's own messaging socket, which it gives its MCP servers as
 * {@code CLAUDE_CODE_MESSAGING_SOCKET}, with or without the development flag. One connection per message writes the
 * optional auth line and one {@code {"type":"user",…}} line whose content is the same {@code <channel …>} block the
 * notification would have made, so the hub's seen receipt from the UserPromptSubmit hook works unchanged. Used only
 * when the hub asks for it ({@code POST /v1/socket-push}): pushes to this pane were not seen, so Claude Code loaded
 * this channel as a plain MCP server and drops its notifications.
 */
final class ClaudeSocket implements MessageSink {
    private static final Logger LOG = LoggerFactory.getLogger(ClaudeSocket.class);
    static final String SOCKET_ENV = "CLAUDE_CODE_MESSAGING_SOCKET";
    static final String TOKEN_ENV = "CLAUDE_CODE_MESSAGING_TOKEN";

    private final Path path;
    private final String token; // null when Claude Code gave none; never logged
    private final SeenIds delivered;
    private final Duration patience;

    ClaudeSocket(Path path, String token, SeenIds delivered, Duration patience) {
        this.path = path;
        this.token = token;
        this.delivered = delivered;
        this.patience = patience;
    }

    /** The socket Claude Code gave this process, if any. */
    static Optional<ClaudeSocket> from(Map<String, String> env, Duration patience) {
        String path = env.get(SOCKET_ENV);
        if (path == null || path.isBlank()) {
            return Optional.empty();
        }
        String token = env.get(TOKEN_ENV);
        return Optional.of(new ClaudeSocket(Path.of(path), token == null || token.isBlank() ? null : token,
                new SeenIds(10_000), patience));
    }

    /**
     * How to offer the socket to the hub: from the first message when Claude Code listens on it (it does before it
     * starts its MCP servers) and was started without channel flags, so that its notifications are all dropped.
     */
    SocketOffer offer() {
        ClaudeLaunch.Verdict launch = ClaudeLaunch.of(path, ProcessHandle.current());
        boolean listening = isSocket(path);
        LOG.debug("Claude Code's command line: {}; its socket {} {}", launch, path, listening ? "is there" : "is not");
        return launch == ClaudeLaunch.Verdict.NO_CHANNELS && listening ? SocketOffer.FIRST : SocketOffer.OFFERED;
    }

    /** A Unix socket is neither a file, a folder nor a link: "other". */
    private static boolean isSocket(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Writes the message to the socket. Its own record of delivered ids, not the notifications' one: the hub sends a
     * message this way precisely because its notification, though written, never reached the agent.
     */
    @Override
    public Outcome deliver(Message message) {
        if (!delivered.firstTime(message.id())) {
            return Outcome.DUPLICATE;
        }
        try {
            write(lines(message));
            LOG.info("message {} delivered through Claude Code's messaging socket", message.id());
            return Outcome.DELIVERED;
        } catch (IOException | RuntimeException e) {
            // Nothing whole reached Claude Code (a cut line is not a JSON line): the hub's retry may go through.
            delivered.forget(message.id());
            LOG.warn("mosaic channel: cannot deliver message {} through Claude Code's messaging socket {}: {}; it "
                    + "stays queued in the hub for a retry or the inbox", message.id(), path, e.toString());
            return Outcome.UNAVAILABLE;
        }
    }

    /**
     * The auth line (when there is a token) and the user line, each ending in a newline. Written to bytes by Jackson
     * itself, which escapes a lone surrogate (see {@link AgentNotifier}).
     */
    private byte[] lines(Message message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (token != null) {
            out.writeBytes(Json.MAPPER.writeValueAsBytes(Json.MAPPER.createObjectNode().put("type", "auth")
                    .put("token", token)));
            out.write('\n');
        }
        ObjectNode line = Json.MAPPER.createObjectNode().put("type", "user");
        line.putObject("message").put("role", "user").put("content", ChannelEvent.of(message).asBlock());
        out.writeBytes(Json.MAPPER.writeValueAsBytes(line));
        out.write('\n');
        return out.toByteArray();
    }

    /**
     * Connects and writes it all within the patience: a Claude Code that stops accepting or reading (a full backlog
     * blocks a Unix socket's connect) cannot hold the push. The blocking calls run on a thread of their own, which
     * an interrupt frees (the channel is interruptible: it closes, and a line cut short is no JSON line).
     */
    private void write(byte[] bytes) throws IOException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread writer = Thread.ofVirtual().name("claude-socket").start(() -> {
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(path));
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                done.complete(null);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        try {
            done.get(patience.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            writer.interrupt();
            throw new IOException("Claude Code did not take the line within " + patience.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            writer.interrupt();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    @Override
    public String toString() {
        return "ClaudeSocket[" + path + "]";
    }
}
