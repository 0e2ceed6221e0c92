package dev.mosaic.channel;

import dev.mosaic.model.Message;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Hands pushed messages to Claude Code as {@code notifications/claude/channel} through the SDK's transport, and
 * returns only once the line is flushed to stdout (or it is known that it cannot be, yet).
 */
final class AgentNotifier implements MessageSink {
    private static final Logger LOG = LoggerFactory.getLogger(AgentNotifier.class);

    private final McpServerTransportProvider transport;
    private final WatchedStdout stdout;
    private final InitializedGate initialized;
    private final SeenIds seen;
    private final McpJsonMapper mapper;
    private final Duration patience;

    /**
     * @param patience how long a push may wait for initialisation and for its line to be flushed; below the hub's
     *                 2 s push timeout, so the hub hears a clear 503 rather than a timeout
     */
    AgentNotifier(McpServerTransportProvider transport, WatchedStdout stdout, InitializedGate initialized,
                  SeenIds seen, McpJsonMapper mapper, Duration patience) {
        this.transport = transport;
        this.stdout = stdout;
        this.initialized = initialized;
        this.seen = seen;
        this.mapper = mapper;
        this.patience = patience;
    }

    @Override
    public Outcome deliver(Message message) {
        long deadline = System.nanoTime() + patience.toNanos();
        if (!initialized.await(patience)) {
            return Outcome.NOT_NOW;
        }
        // Claimed before writing: a retry of the same id arriving meanwhile must not be written a second time.
        if (!seen.firstTime(message.id())) {
            return Outcome.DUPLICATE;
        }
        ChannelEvent event = ChannelEvent.of(message);
        CompletableFuture<Void> flushed = stdout.expect(token(message.id()));
        try {
            transport.notifyClients(ChannelEvent.METHOD, event.params()).block(remaining(deadline));
        } catch (RuntimeException e) {
            // Not queued for writing: let the hub's retry through.
            stdout.forget(flushed);
            seen.forget(message.id());
            LOG.warn("could not hand message {} to Claude Code: {}", message.id(), e.toString());
            return Outcome.NOT_NOW;
        }
        try {
            flushed.get(remaining(deadline).toNanos(), TimeUnit.NANOSECONDS);
            return Outcome.DELIVERED;
        } catch (TimeoutException | ExecutionException e) {
            // Queued, so it will be written: keep the id as seen (a retry then gets a 2xx without a second copy)
            // but tell the hub "not yet" rather than claim what has not happened.
            stdout.forget(flushed);
            LOG.warn("message {} queued for Claude Code but not flushed in time", message.id());
            return Outcome.NOT_NOW;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.NOT_NOW;
        }
    }

    /** The bytes by which this message's notification is recognised on stdout: its meta entry, as serialised. */
    private String token(String messageId) {
        try {
            return "\"message_id\":" + mapper.writeValueAsString(messageId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(deadline - System.nanoTime(), Duration.ofMillis(50).toNanos()));
    }
}
