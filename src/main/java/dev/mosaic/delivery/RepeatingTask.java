package dev.mosaic.delivery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One task run on its own virtual thread after every interval, until closed: the hub's sweeps and heartbeat. A close
 * wakes the wait at once, so stopping a hub never waits out an interval.
 */
public final class RepeatingTask implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RepeatingTask.class);

    private final String name;
    private final Duration every;
    private final boolean jittered;
    private final Runnable task;
    /** Counted down once, on close: it ends the wait between runs at once. */
    private final CountDownLatch closing = new CountDownLatch(1);
    private final ReentrantLock lock = new ReentrantLock();
    private Thread thread; // guarded by lock

    private RepeatingTask(String name, Duration every, boolean jittered, Runnable task) {
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException(name + ": the interval must be positive, not " + every);
        }
        this.name = name;
        this.every = every;
        this.jittered = jittered;
        this.task = task;
    }

    /**
     * Each wait is {@code every} ±20%, so the sweeps of hubs (or of panes) started together do not fall together
     * on a shared database.
     */
    public static RepeatingTask jittered(String name, Duration every, Runnable task) {
        return new RepeatingTask(name, every, true, task);
    }

    /** Each wait is exactly {@code every}: for a beat that others time (a heartbeat). */
    public static RepeatingTask steady(String name, Duration every, Runnable task) {
        return new RepeatingTask(name, every, false, task);
    }

    /** Starts the thread; the first run comes after one interval. A second call, or one after close, does nothing. */
    public void start() {
        lock.lock();
        try {
            if (closing.getCount() > 0 && thread == null) {
                thread = Thread.ofVirtual().name(name).start(this::runUntilClosed);
            }
        } finally {
            lock.unlock();
        }
    }

    private void runUntilClosed() {
        while (awaitNext()) {
            try {
                task.run();
            } catch (RuntimeException e) {
                // One failed pass must not end the task for the hub's lifetime; the next interval tries again.
                LOG.error("{} failed; it runs again after the next interval", name, e);
            }
        }
    }

    /** Waits out one interval; false once closed. */
    private boolean awaitNext() {
        double factor = jittered ? 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble() : 1.0;
        try {
            return !closing.await(Math.round(every.toNanos() * factor), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops the task and waits (at most 5 s) for a run under way to end. */
    @Override
    public void close() {
        Thread t;
        lock.lock();
        try {
            closing.countDown();
            t = thread;
        } finally {
            lock.unlock();
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
