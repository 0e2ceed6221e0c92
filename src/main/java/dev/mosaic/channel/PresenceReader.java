package dev.mosaic.channel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads the hub's presence stream on a thread of its own (DESIGN §4): remembers when the hub last wrote, and says once
 * when the stream ended. The channel's link waits on neither a read nor a timer, only on what this reports.
 */
final class PresenceReader implements AutoCloseable {
    private final InputStream body;
    private final Runnable ended;
    private volatile long lastHeardNanos = System.nanoTime();

    /** Starts reading; {@code ended} runs once, on the reader's thread, when the stream ends or breaks. */
    PresenceReader(InputStream body, Runnable ended) {
        this.body = body;
        this.ended = ended;
        Thread.ofVirtual().name("mosaic-presence").start(this::read);
    }

    /** {@link System#nanoTime()} when the hub last wrote a line (the opening comment or a beat). */
    long lastHeardNanos() {
        return lastHeardNanos;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            while (in.readLine() != null) {
                lastHeardNanos = System.nanoTime();
            }
        } catch (IOException e) {
            // the hub went away, or the link closed the stream: both end it
        } finally {
            ended.run();
        }
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            // closing a stream that already broke
        }
    }
}
