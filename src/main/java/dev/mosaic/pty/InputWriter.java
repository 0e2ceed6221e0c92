package dev.mosaic.pty;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a terminal's input on a platform thread of its own: a write blocks while the pty's buffer is full (a
 * 30 KB paste into a program that reads slowly), and that must hold neither a socket thread nor, being native, a
 * virtual thread's carrier (MEASURED.md).
 */
final class InputWriter {
    private final OutputStream out;
    private final long maxQueuedBytes;
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Thread thread;

    InputWriter(OutputStream out, long maxQueuedBytes, String name) {
        this.out = out;
        this.maxQueuedBytes = maxQueuedBytes;
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Queues the bytes; false when too much input already waits (the program is not reading). */
    boolean offer(byte[] bytes) {
        if (queuedBytes.addAndGet(bytes.length) > maxQueuedBytes) {
            queuedBytes.addAndGet(-bytes.length);
            return false;
        }
        queue.add(bytes);
        return true;
    }

    void stop() {
        thread.interrupt();
    }

    private void run() {
        try {
            while (true) {
                byte[] b = queue.take();
                // Whole arrays only: pty4j 0.13.12's PTYOutputStream.write(b, off, len) copies to tmp[off] instead
                // of tmp[0] and throws for any off > 0 with off + len > len (measured: off 1024, len 1024 fails).
                out.write(b);
                out.flush();
                queuedBytes.addAndGet(-b.length);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The pty is closed: the process is gone and its Terminal says so to whoever types.
        }
    }
}
