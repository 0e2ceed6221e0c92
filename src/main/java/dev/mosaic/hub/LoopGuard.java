package dev.mosaic.hub;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Stops runaway reply loops: a thread in which panes send more than {@code limit} messages within
 * {@code windowNanos}, with no word from the operator in that window, is refused until it calms down.
 */
final class LoopGuard {
    private final int limit;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Deque<Long>> threads = new ConcurrentHashMap<>();

    LoopGuard(int limit, long windowNanos, LongSupplier nanoClock) {
        this.limit = limit;
        this.windowNanos = windowNanos;
        this.nanoClock = nanoClock;
    }

    /** Records a pane's send in the thread; false (nothing recorded) when it would pass the limit. */
    boolean admit(String threadId) {
        long now = nanoClock.getAsLong();
        Deque<Long> times = threads.computeIfAbsent(threadId, t -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && now - times.peekFirst() > windowNanos) {
                times.pollFirst();
            }
            if (times.size() >= limit) {
                return false;
            }
            times.addLast(now);
        }
        if (threads.size() > 10_000) {
            forgetQuietThreads(now);
        }
        return true;
    }

    /** The operator wrote in the thread: the panes' count starts again. */
    void operatorSpoke(String threadId) {
        threads.remove(threadId);
    }

    private void forgetQuietThreads(long now) {
        threads.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                Long last = e.getValue().peekLast();
                return last == null || now - last > windowNanos;
            }
        });
    }
}
