package dev.mosaic.pty;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One viewer of a terminal: a queue bounded by bytes, drained into its {@link ViewerSink} by a thread of its own,
 * so the terminal's reader never waits for a viewer. A viewer that falls more than the bound behind is dropped, not
 * buffered without limit (DESIGN.md §5).
 */
public final class Viewer implements AutoCloseable {
    /** Frames are coalesced up to this size: fewer, larger sends when output comes in bursts. */
    private static final int MAX_FRAME = 64 * 1024;

    private sealed interface Event {
    }

    private record Output(byte[] bytes) implements Event {
    }

    private record Exit(int code) implements Event {
    }

    private record Refusal(String code, String message) implements Event {
    }

    private record Stop(String reason) implements Event {
    }

    private final ViewerSink sink;
    private final long maxQueuedBytes;
    private final Consumer<Viewer> onClose;
    private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    /** Set when no more events are taken: a close (what is queued is still sent) or a drop (it is not). */
    private final AtomicBoolean closing = new AtomicBoolean();
    /** Set once the sink was told it is closed. */
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Thread drainer;

    Viewer(ViewerSink sink, long maxQueuedBytes, Consumer<Viewer> onClose) {
        this.sink = sink;
        this.maxQueuedBytes = maxQueuedBytes;
        this.onClose = onClose;
        // Virtual: it blocks only on the queue and on the sink's socket, never in native code (MEASURED.md).
        this.drainer = Thread.ofVirtual().name("mosaic-viewer").unstarted(this::drain);
    }

    void start() {
        drainer.start();
    }

    void output(byte[] bytes) {
        if (closing.get()) {
            return;
        }
        if (queuedBytes.addAndGet(bytes.length) > maxQueuedBytes) {
            drop("too slow: more than " + maxQueuedBytes + " bytes of output waited for this viewer");
            return;
        }
        queue.add(new Output(bytes));
    }

    void exited(int code) {
        if (!closing.get()) {
            queue.add(new Exit(code));
        }
    }

    /** Tells this viewer (only) that its input or control was refused. */
    public void refuse(String code, String message) {
        if (!closing.get()) {
            queue.add(new Refusal(code, message));
        }
    }

    public boolean isClosed() {
        return closing.get();
    }

    /** Closes after what is queued was sent (an exit frame is not lost to a stop that follows it). */
    @Override
    public void close() {
        if (closing.compareAndSet(false, true)) {
            queue.add(new Stop("closed"));
        }
    }

    /** Closes at once, dropping what is queued: the drainer may be stuck sending to a reader that does not read. */
    private void drop(String reason) {
        closing.set(true);
        queue.clear();
        queue.add(new Stop(reason));
        end(reason);
    }

    private void end(String reason) {
        if (ended.compareAndSet(false, true)) {
            onClose.accept(this);
            sink.closed(reason);
        }
    }

    private void drain() {
        List<Event> batch = new ArrayList<>();
        try {
            while (!ended.get()) {
                batch.add(queue.take());
                queue.drainTo(batch);
                for (int i = 0; i < batch.size() && !ended.get(); i++) {
                    Event e = batch.get(i);
                    if (e instanceof Output) {
                        i = sendOutput(batch, i) - 1;
                    } else if (e instanceof Exit x) {
                        sink.exited(x.code());
                    } else if (e instanceof Refusal r) {
                        sink.error(r.code(), r.message());
                    } else if (e instanceof Stop stop) {
                        end(stop.reason());
                    }
                }
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end("interrupted");
        } catch (Exception e) {
            closing.set(true);
            end("the viewer's connection failed: " + e);
        }
    }

    /** Sends the run of outputs starting at i as few frames; returns the index after the run. */
    private int sendOutput(List<Event> batch, int i) throws Exception {
        int end = i;
        int size = 0;
        while (end < batch.size() && batch.get(end) instanceof Output o
                && (end == i || size + o.bytes().length <= MAX_FRAME)) {
            size += o.bytes().length;
            end++;
        }
        byte[] frame;
        if (end == i + 1) {
            frame = ((Output) batch.get(i)).bytes();
        } else {
            frame = new byte[size];
            int at = 0;
            for (int k = i; k < end; k++) {
                byte[] b = ((Output) batch.get(k)).bytes();
                System.arraycopy(b, 0, frame, at, b.length);
                at += b.length;
            }
        }
        // The scrollback replay can be a single 1 MiB chunk: sent in slices, no frame exceeds MAX_FRAME.
        for (int off = 0; off < frame.length; off += MAX_FRAME) {
            sink.output(off == 0 && frame.length <= MAX_FRAME ? frame
                    : java.util.Arrays.copyOfRange(frame, off, Math.min(frame.length, off + MAX_FRAME)));
        }
        queuedBytes.addAndGet(-size);
        return end;
    }
}
