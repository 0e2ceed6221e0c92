package dev.mosaic.hub;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes long polls (`inbox?wait=S`) when a message lands in their inbox. A poller reads the version before it
 * looks at the store and waits only while the version is unchanged, so a message stored in between is never missed.
 */
final class InboxSignals {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Long> versions = new ConcurrentHashMap<>();
    /** Moved by {@link #signalEveryone}: part of every pane's version. */
    private volatile long epoch;

    long version(String paneId) {
        return versions.getOrDefault(paneId, 0L) + epoch;
    }

    /**
     * Every long poll looks again: messages may have been stored by another hub on the database unnoticed (DESIGN
     * §6; the listener reconnected, or its sweep came round).
     */
    void signalEveryone() {
        lock.lock();
        try {
            epoch++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void signal(String paneId) {
        lock.lock();
        try {
            versions.merge(paneId, 1L, Long::sum);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the pane's version moves past seen or the deadline passes; true when it moved. */
    boolean awaitChange(String paneId, long seen, long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            while (version(paneId) == seen) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
