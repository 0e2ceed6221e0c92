package dev.mosaic.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Reads a child's stdout on its own thread, stamping each line with the moment it was read. */
final class LineReader {
    /** One line and when (System.nanoTime) it was read. */
    record Line(String text, long readAt) {
    }

    private final BlockingQueue<Line> lines = new LinkedBlockingQueue<>();

    LineReader(InputStream in, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(new Line(line, System.nanoTime()));
                }
            } catch (IOException e) {
                // the child ended
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    /** The next line containing {@code marker}; fails after 30 s. */
    Line await(String marker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Line l = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (l == null) {
                throw new IllegalStateException("no line with " + marker + " within 30 s");
            }
            if (l.text().contains(marker)) {
                return l;
            }
        }
    }

    /** The next line, or null after the timeout. */
    Line poll(long millis) throws InterruptedException {
        return lines.poll(millis, TimeUnit.MILLISECONDS);
    }
}
