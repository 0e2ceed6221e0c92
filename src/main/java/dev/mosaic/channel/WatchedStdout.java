package dev.mosaic.channel;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * stdout as the MCP transport writes it, telling a waiter when the line it expects has been flushed.
 *
 * <p>The SDK's {@code notifyClients} completes when a notification is queued, not when it is written; the hub
 * may only hear 2xx once Claude Code can read the line. The SDK writes each JSON-RPC message with one
 * {@code write(byte[])} call, then a newline and a flush, all while holding this object's monitor; so a token
 * is looked for within one write, and the waiter is released by the flush that follows it. Other writers of
 * whole lines (the stdin filter's error answers) must hold the same monitor: see {@link #writeLine}.
 */
final class WatchedStdout extends OutputStream {
    private final OutputStream out;
    private final Object lock = new Object();
    private final List<Expectation> pending = new ArrayList<>(); // guarded by lock
    private final List<Expectation> written = new ArrayList<>(); // guarded by lock

    private record Expectation(byte[] token, CompletableFuture<Void> flushed) {
    }

    WatchedStdout(OutputStream out) {
        this.out = out;
    }

    /** Completes when a line containing that token has been written and flushed. */
    CompletableFuture<Void> expect(String token) {
        Expectation e = new Expectation(token.getBytes(StandardCharsets.UTF_8), new CompletableFuture<>());
        synchronized (lock) {
            pending.add(e);
        }
        return e.flushed();
    }

    /** Stops waiting for a token (its delivery was given up). */
    void forget(CompletableFuture<Void> flushed) {
        synchronized (lock) {
            pending.removeIf(e -> e.flushed() == flushed);
            written.removeIf(e -> e.flushed() == flushed);
        }
    }

    /** Writes one complete line and flushes it, never interleaving with the SDK's own messages. */
    void writeLine(String json) throws IOException {
        synchronized (this) {
            write(json.getBytes(StandardCharsets.UTF_8));
            write('\n');
            flush();
        }
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        synchronized (lock) {
            for (Iterator<Expectation> it = pending.iterator(); it.hasNext(); ) {
                Expectation e = it.next();
                if (contains(b, off, len, e.token())) {
                    it.remove();
                    written.add(e);
                }
            }
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
        List<Expectation> done;
        synchronized (lock) {
            if (written.isEmpty()) {
                return;
            }
            done = List.copyOf(written);
            written.clear();
        }
        done.forEach(e -> e.flushed().complete(null));
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private static boolean contains(byte[] b, int off, int len, byte[] token) {
        outer:
        for (int i = off; i <= off + len - token.length; i++) {
            for (int j = 0; j < token.length; j++) {
                if (b[i + j] != token[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
