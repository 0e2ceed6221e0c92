package dev.mosaic.channel;

import dev.mosaic.model.Message;
import dev.mosaic.model.PermissionAnswer;
import io.modelcontextprotocol.json.McpJsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Hands pushed messages to Claude Code as {@code notifications/claude/channel} lines written straight to stdout, and
 * approval answers as {@code notifications/claude/channel/permission} lines, and returns only once the line is
 * flushed (or it is known that it cannot be, yet).
 *
 * <p>Why not the SDK's {@code notifyClients(...).block()}: it hops through Reactor schedulers and the transport's
 * outbound queue, and measured p99 ≈ 4.5 ms against 1–1.7 ms for a bare write (shared/MEASURED.md). The line is
 * the same JSON-RPC notification, written whole under {@link WatchedStdout}'s monitor, which the SDK holds for its
 * own messages, so lines never interleave. The write runs on one thread of its own, in push order, so a push can
 * give up waiting on a stuck stdout (503, the hub retries) without the line being lost or written twice.
 */
final class AgentNotifier implements MessageSink, PermissionSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentNotifier.class);
    /** Claude Code's method for an answer to a relayed permission prompt (shared/CLAUDE-CODE.md). */
    static final String PERMISSION_METHOD = "notifications/claude/channel/permission";

    private final WatchedStdout stdout;
    private final InitializedGate initialized;
    private final SeenIds seen;
    /** Approvals whose answer was written: the hub retries an answer whose proof it did not get. */
    private final SeenIds answered = new SeenIds(1_000);
    private final McpJsonMapper mapper;
    private final Duration patience;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mosaic-stdout");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param patience how long a push may wait for initialisation and for its line to be flushed; below the hub's
     *                 2 s push timeout, so the hub hears a clear 503 rather than a timeout
     */
    AgentNotifier(WatchedStdout stdout, InitializedGate initialized, SeenIds seen, McpJsonMapper mapper,
                  Duration patience) {
        this.stdout = stdout;
        this.initialized = initialized;
        this.seen = seen;
        this.mapper = mapper;
        this.patience = patience;
    }

    @Override
    public Outcome deliver(Message message) {
        return hand(message.id(), seen, () -> notification(ChannelEvent.METHOD, ChannelEvent.of(message).params()),
                "message " + message.id());
    }

    /**
     * A pushed batch: the new messages' lines go to the writer thread in one hand-off and out with one flush, rather
     * than one hand-off, flush and wait per message; ids written before (a retried batch) are not written again, and
     * wait for their first write as in {@link #hand}.
     */
    @Override
    public Outcome deliverAll(List<Message> messages) {
        if (messages.size() == 1) {
            return deliver(messages.getFirst());
        }
        long deadline = System.nanoTime() + patience.toNanos();
        if (!initialized.await(patience)) {
            return Outcome.NOT_NOW;
        }
        List<CompletableFuture<Void>> waits = new ArrayList<>(messages.size());
        List<String> ids = new ArrayList<>();
        List<byte[]> lines = new ArrayList<>();
        CompletableFuture<Void> written = new CompletableFuture<>();
        for (Message m : messages) {
            Optional<CompletableFuture<Void>> earlier = seen.claim(m.id(), written);
            if (earlier.isPresent()) {
                waits.add(earlier.get());
                continue;
            }
            try {
                lines.add(notification(ChannelEvent.METHOD, ChannelEvent.of(m).params()));
            } catch (RuntimeException e) {
                seen.forget(m.id());
                ids.forEach(seen::forget); // none of this batch's new lines is queued: let the hub's retry through
                LOG.warn("could not hand message {} to Claude Code: {}", m.id(), e.toString());
                return Outcome.NOT_NOW;
            }
            ids.add(m.id());
        }
        if (!lines.isEmpty()) {
            waits.add(written);
            try {
                writer.execute(() -> {
                    try {
                        stdout.writeLines(lines);
                        written.complete(null);
                    } catch (IOException | RuntimeException e) {
                        ids.forEach(seen::forget); // cut short somewhere: let a retry through
                        written.completeExceptionally(e);
                    }
                });
            } catch (RuntimeException e) {
                ids.forEach(seen::forget);
                LOG.warn("could not hand {} messages to Claude Code: {}", ids.size(), e.toString());
                return Outcome.NOT_NOW;
            }
        }
        String what = messages.size() + " messages from " + messages.getFirst().id();
        for (CompletableFuture<Void> w : waits) {
            if (!await(w, deadline, what)) {
                return Outcome.NOT_NOW;
            }
        }
        return Outcome.DELIVERED;
    }

    /** Writes an approval's answer for Claude Code; an approval already answered here is not written twice. */
    @Override
    public Outcome answer(PermissionAnswer answer) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("request_id", answer.requestId());
        params.put("behavior", answer.behavior().wire());
        return hand(answer.approvalId(), answered, () -> notification(PERMISSION_METHOD, params),
                "the answer to approval " + answer.approvalId());
    }

    /** Writes one line for the item with this id, unless {@code ids} says it was written already. */
    private Outcome hand(String id, SeenIds ids, Supplier<byte[]> toLine, String what) {
        long deadline = System.nanoTime() + patience.toNanos();
        if (!initialized.await(patience)) {
            return Outcome.NOT_NOW;
        }
        // Claimed before writing: a retry of the same id arriving meanwhile must not be written a second time.
        CompletableFuture<Void> written = new CompletableFuture<>();
        Optional<CompletableFuture<Void>> earlier = ids.claim(id, written);
        if (earlier.isPresent()) {
            // A retry of an id handed already gets its 2xx, and with it the hub's "delivered", only once that line is
            // out: a line still queued here when the hub counts it delivered is lost to a kill -9.
            return await(earlier.get(), deadline, what) ? Outcome.DUPLICATE : Outcome.NOT_NOW;
        }
        try {
            byte[] line = toLine.get();
            writer.execute(() -> {
                try {
                    stdout.writeLine(line);
                    written.complete(null);
                } catch (IOException | RuntimeException e) {
                    // stdout broke under the write: whatever Claude Code got is cut short; let a retry through.
                    ids.forget(id);
                    written.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            // Not queued for writing: let the hub's retry through.
            ids.forget(id);
            written.completeExceptionally(e);
            LOG.warn("could not hand {} to Claude Code: {}", what, e.toString());
            return Outcome.NOT_NOW;
        }
        return await(written, deadline, what) ? Outcome.DELIVERED : Outcome.NOT_NOW;
    }

    /** Whether the write finished well before the deadline; a write still queued stays claimed and will finish. */
    private static boolean await(CompletableFuture<Void> write, long deadline, String what) {
        try {
            write.get(remaining(deadline).toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            // Queued, so it will be written: keep the id claimed (a retry then waits for it, with no second copy)
            // but tell the hub "not yet" rather than claim what has not happened.
            LOG.warn("{} queued for Claude Code but not flushed in time", what);
            return false;
        } catch (ExecutionException e) {
            LOG.warn("could not write {} to Claude Code: {}", what, e.getCause().toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The JSON-RPC notification line, as the SDK would serialise it. Written to bytes by Jackson itself, which
     * escapes a lone surrogate; a String turned into UTF-8 afterwards would make it a '?', and the agent would see
     * another message id than the hub pushed (found by the 100,000-input fuzz).
     */
    private byte[] notification(String method, Object params) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("jsonrpc", "2.0");
        n.put("method", method);
        n.put("params", params);
        try {
            return mapper.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(deadline - System.nanoTime(), Duration.ofMillis(50).toNanos()));
    }

    @Override
    public void close() {
        writer.shutdownNow();
    }
}
