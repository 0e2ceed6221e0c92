package dev.mosaic.pty;

import com.pty4j.PtyProcess;
import com.pty4j.WinSize;
import dev.mosaic.model.TerminalSize;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * One spawned pane's process in its pseudo-terminal: its output (kept as scrollback, fanned out to viewers), its
 * input, its size, its exit, and how it is stopped.
 */
public final class Terminal {
    private static final Logger LOG = LoggerFactory.getLogger(Terminal.class);
    /** After the process exits, how long its last output may take to arrive before the exit is announced. */
    private static final Duration DRAIN_AFTER_EXIT = Duration.ofSeconds(1);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    /** How long a stop waits, once the group is gone, for the exit to be recorded (the store may be busy). */
    private static final Duration RECORD_WAIT = DRAIN_AFTER_EXIT.plusSeconds(5);

    /** What {@link #write} did with the bytes. */
    public enum InputResult {
        ACCEPTED,
        /** The process exited: nobody reads. */
        EXITED,
        /** Too much input waits already: the program is not reading. */
        BUSY
    }

    private final String paneId;
    private final PtyProcess process;
    private final long pid;
    private final ProcessGroup group;
    private final Limits limits;
    private final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock: the scrollback, the viewers and the exit code change together, so a newcomer's replay and
    // subscription see one consistent cut of the output.
    private final Scrollback scrollback;
    // Copy-on-write: a viewer dropped while the reader iterates (it fell too far behind) removes itself safely.
    private final List<Viewer> viewers = new CopyOnWriteArrayList<>();
    private OptionalInt exitCode = OptionalInt.empty();
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();
    private final InputWriter input;
    private final Thread reader;
    private volatile TerminalSize size;

    /** The byte bounds a terminal keeps to. */
    record Limits(int scrollbackBytes, long viewerQueueBytes, long inputQueueBytes) {
    }

    Terminal(String paneId, PtyProcess process, TerminalSize size, Limits limits, IntConsumer onExit) {
        this.paneId = paneId;
        this.process = process;
        this.pid = process.pid();
        this.group = new ProcessGroup(pid);
        this.limits = limits;
        this.size = size;
        this.scrollback = new Scrollback(limits.scrollbackBytes());
        this.input = new InputWriter(process.getOutputStream(), limits.inputQueueBytes(), "mosaic-pty-in-" + pid);
        // Platform threads: a blocking pty read in a virtual thread pins its carrier (MEASURED.md).
        this.reader = Thread.ofPlatform().daemon().name("mosaic-pty-out-" + pid).unstarted(this::read);
        Thread waiter = Thread.ofPlatform().daemon().name("mosaic-pty-wait-" + pid)
                .unstarted(() -> awaitExit(onExit));
        input.start();
        reader.start();
        waiter.start();
    }

    public String paneId() {
        return paneId;
    }

    /** The process id, which is also its process group's id. */
    public long pid() {
        return pid;
    }

    public TerminalSize size() {
        return size;
    }

    public OptionalInt exitCode() {
        lock.lock();
        try {
            return exitCode;
        } finally {
            lock.unlock();
        }
    }

    /** Completes with the exit code once the process exited and its last output was read. */
    public CompletableFuture<Integer> exited() {
        return exited;
    }

    /** The last n bytes of output (at most the scrollback). */
    public byte[] tail(int n) {
        lock.lock();
        try {
            return scrollback.tail(n);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A new viewer: it gets the scrollback, then every later byte, then the exit — replay and subscription under one
     * lock, so it misses nothing and sees nothing twice.
     */
    public Viewer attach(ViewerSink sink) {
        Viewer viewer = new Viewer(sink, limits.viewerQueueBytes(), this::detach);
        lock.lock();
        try {
            byte[] replay = scrollback.tail(limits.scrollbackBytes());
            if (replay.length > 0) {
                viewer.output(replay);
            }
            exitCode.ifPresentOrElse(viewer::exited, () -> viewers.add(viewer));
        } finally {
            lock.unlock();
        }
        viewer.start();
        return viewer;
    }

    private void detach(Viewer viewer) {
        lock.lock();
        try {
            viewers.remove(viewer);
        } finally {
            lock.unlock();
        }
    }

    public int viewerCount() {
        lock.lock();
        try {
            return viewers.size();
        } finally {
            lock.unlock();
        }
    }

    /** Queues keystrokes for the process; never blocks. */
    public InputResult write(byte[] bytes) {
        if (exitCode().isPresent() || !process.isAlive()) {
            return InputResult.EXITED;
        }
        return input.offer(bytes) ? InputResult.ACCEPTED : InputResult.BUSY;
    }

    /** Sets the terminal's size (the process gets SIGWINCH); false when the process is gone. */
    public boolean resize(TerminalSize newSize) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            process.setWinSize(new WinSize(newSize.cols(), newSize.rows()));
            size = newSize;
            return true;
        } catch (RuntimeException e) {
            // setWinSize throws once the process is gone (pty4j's PtyTest): a race with its exit.
            return false;
        }
    }

    /**
     * Stops the process group: SIGTERM, up to {@code grace} for it to empty, then SIGKILL. Also ends what is left of
     * the group after the leader exited (a background child). Blocks until the group is gone and its exit was
     * recorded: the hub closes its store right after stopping every pane.
     */
    void stop(Duration grace) throws InterruptedException {
        if (group.alive()) {
            group.signal("TERM");
            if (!group.awaitEmpty(grace)) {
                LOG.info("pane {}: process group {} outlived SIGTERM by {} s; sending SIGKILL", paneId, pid,
                        grace.toSeconds());
                group.signal("KILL");
                if (!group.awaitEmpty(KILL_WAIT)) {
                    LOG.warn("pane {}: process group {} still runs after SIGKILL", paneId, pid);
                }
            }
        }
        release();
        // The group looks empty as soon as the leader is a zombie, before the waiter has its code and records it.
        try {
            exited.get(RECORD_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("pane {}: its exit was not recorded within {} s of its stop", paneId, RECORD_WAIT.toSeconds());
        } catch (ExecutionException e) {
            // exited is only ever completed normally
        }
    }

    /** Sends SIGTERM to the group without waiting (the first half of a stop that others wait for together). */
    void terminate() {
        if (group.alive()) {
            group.signal("TERM");
        }
    }

    /** Closes the pty and its threads; the process group must be gone. */
    private void release() {
        input.stop();
        closeQuietly(process.getOutputStream());
        closeQuietly(process.getInputStream());
        closeQuietly(process.getErrorStream());
        List<Viewer> left;
        lock.lock();
        try {
            left = List.copyOf(viewers);
        } finally {
            lock.unlock();
        }
        // Viewers got the exit frame already if the exit was seen; let their queues drain before closing them.
        exited.whenComplete((code, e) -> left.forEach(Viewer::close));
    }

    private void read() {
        byte[] buf = new byte[16 * 1024];
        try {
            InputStream in = process.getInputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                byte[] chunk = Arrays.copyOf(buf, n);
                lock.lock();
                try {
                    scrollback.append(chunk, 0, n);
                    for (Viewer v : viewers) {
                        v.output(chunk);
                    }
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException e) {
            // EIO once the last process holding the pty's other end is gone: the output's end.
        }
    }

    private void awaitExit(IntConsumer onExit) {
        int code;
        try {
            code = process.waitFor();
            reader.join(DRAIN_AFTER_EXIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        List<Viewer> watching;
        lock.lock();
        try {
            exitCode = OptionalInt.of(code);
            watching = List.copyOf(viewers);
            watching.forEach(v -> v.exited(code));
        } finally {
            lock.unlock();
        }
        try {
            onExit.accept(code);
        } catch (RuntimeException e) {
            LOG.warn("pane {}: recording its exit failed", paneId, e);
        }
        exited.complete(code);
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            // closing a pty that is already closed
        }
    }
}
