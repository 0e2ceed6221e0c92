package dev.mosaic.delivery;

import dev.mosaic.model.Message;
import dev.mosaic.store.ChannelRegistration;
import dev.mosaic.store.Store;
import dev.mosaic.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The push lane of one pane: a single virtual thread that pushes the pane's queued messages one at a time,
 * oldest first, to its current channel registration. It sleeps until told of new work; after a failure it waits
 * out the retry delay, which only a new registration cuts short. Signals are flags under a lock, so none is lost
 * while a push is in flight. A push whose outcome the store failed to record stays the lane's to settle: it retries
 * that transition, with the retry delay, before it claims anything else (the claim would be refused meanwhile).
 */
final class PaneLane {
    private static final Logger LOG = LoggerFactory.getLogger(PaneLane.class);

    private final String paneId;
    private final Store store;
    private final PushClient client;
    private final RetryPolicy retry;
    private final DeliveryListener listener;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private ChannelRegistration registration; // null once unregistered
    private boolean workPending = true; // a new lane starts with catch-up
    private boolean registrationChanged;
    private boolean closed;
    private Thread thread;
    /** Consecutive failed pushes; touched only by the lane's own thread. */
    private int failures;
    /** A push whose outcome the store has not recorded yet; touched only by the lane's own thread. */
    private Unsettled unsettled;

    /** A pushed message and what the push said, waiting to be recorded. */
    private record Unsettled(Message message, PushOutcome outcome) {
    }

    /** How a drain ended. */
    private enum Drained { EMPTY, FAILED, STOPPED }

    PaneLane(String paneId, Store store, PushClient client, RetryPolicy retry, DeliveryListener listener) {
        this.paneId = paneId;
        this.store = store;
        this.client = client;
        this.retry = retry;
        this.listener = listener;
    }

    /** Points the lane at a (new) registration and starts catch-up at once, whatever it was waiting for. */
    void use(ChannelRegistration next) {
        lock.lock();
        try {
            registration = next;
            registrationChanged = true;
            workPending = true;
            changed.signalAll();
            if (thread == null && !closed) {
                thread = Thread.ofVirtual().name("push-" + paneId).start(this::run);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Stops pushing to the registration on that port; false when a newer one already replaced it. */
    boolean drop(int port) {
        lock.lock();
        try {
            if (registration == null || registration.port() != port) {
                return false;
            }
            registration = null;
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** A message for this pane was stored. */
    void wake() {
        lock.lock();
        try {
            workPending = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Tells the lane to stop after its in-flight push, if any; {@link #awaitStopped} waits for that. */
    void stop() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void awaitStopped() {
        Thread t;
        lock.lock();
        try {
            t = thread;
        } finally {
            lock.unlock();
        }
        if (t != null) {
            try {
                t.join(Duration.ofSeconds(5)); // lets an in-flight push finish (bounded by its timeout)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        long retryAt = 0; // 0: wait for new work; otherwise wait until then, as a failed push asks
        while (true) {
            ChannelRegistration target;
            lock.lock();
            try {
                target = awaitTurn(retryAt);
                if (target == null) {
                    thread = null;
                    return;
                }
                if (registrationChanged) {
                    registrationChanged = false;
                    failures = 0;
                }
                workPending = false;
            } finally {
                lock.unlock();
            }
            retryAt = drain(target) == Drained.FAILED
                    ? System.nanoTime() + retry.delay(failures, ThreadLocalRandom.current()::nextDouble).toNanos()
                    : 0;
        }
    }

    /**
     * Waits (holding the lock) until there is work: after a failure, until retryAt or a new registration; otherwise
     * until a message arrives. Returns the registration to push to, or null when the lane should end.
     */
    private ChannelRegistration awaitTurn(long retryAt) {
        while (!closed && registration != null) {
            if (retryAt != 0) {
                long left = retryAt - System.nanoTime();
                if (registrationChanged || left <= 0) {
                    return registration;
                }
                awaitNanos(left);
            } else {
                if (workPending || registrationChanged) {
                    return registration;
                }
                awaitNanos(TimeUnit.MINUTES.toNanos(10));
            }
        }
        return null;
    }

    private void awaitNanos(long nanos) {
        try {
            changed.awaitNanos(nanos);
        } catch (InterruptedException e) {
            closed = true;
            Thread.currentThread().interrupt();
        }
    }

    /** Pushes queued messages, oldest first, until none is left, one fails, or the lane must stop. */
    private Drained drain(ChannelRegistration target) {
        while (true) {
            if (unsettled != null && !settle(target)) {
                return Drained.FAILED;
            }
            Optional<Message> next;
            try {
                next = store.claimNextPush(paneId);
            } catch (StoreUnavailableException e) {
                LOG.warn("pane {}: cannot claim the next message: {}", paneId, e.getMessage());
                failures++;
                return Drained.FAILED;
            }
            if (next.isEmpty()) {
                return Drained.EMPTY;
            }
            Message m = next.get();
            unsettled = new Unsettled(m, client.push(target, m));
            if (!settle(target) || failures > 0) {
                return Drained.FAILED;
            }
            if (isClosed()) {
                return Drained.STOPPED;
            }
            target = current(target);
            if (target == null) {
                return Drained.STOPPED; // replaced or dropped: the loop picks up whatever is current
            }
        }
    }

    /**
     * Records the unsettled push (pushed, or back to the queue) and counts it; false when the store failed, and the
     * lane must try again after the retry delay. The transition is guarded, so a retry after a success that only
     * looked like a failure, or after the sweep returned the message, changes nothing.
     */
    private boolean settle(ChannelRegistration target) {
        Message m = unsettled.message();
        boolean delivered = unsettled.outcome() == PushOutcome.DELIVERED;
        try {
            if (delivered) {
                if (store.markPushed(m.id())) {
                    listener.pushed(m);
                }
            } else if (store.releasePush(m.id(), unsettled.outcome() == PushOutcome.UNCERTAIN)) {
                listener.requeued(m);
            }
        } catch (StoreUnavailableException e) {
            LOG.warn("pane {}: cannot record the push of {}: {}", paneId, m.id(), e.getMessage());
            failures++;
            return false;
        }
        unsettled = null;
        try {
            if (delivered) {
                boolean wasFailing = failures > 0 || target.down();
                failures = 0;
                if (wasFailing) {
                    markDown(target, false); // if this fails, the registration stays down and the next push retries
                }
            } else {
                failures++;
                if (failures >= retry.markDownAfter() && !target.down()) {
                    markDown(target, true);
                }
            }
        } catch (StoreUnavailableException e) {
            LOG.warn("pane {}: cannot mark the channel on port {}: {}", paneId, target.port(), e.getMessage());
        }
        return true;
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** The registration to keep pushing to, or null when it was replaced or dropped (the loop re-reads it). */
    private ChannelRegistration current(ChannelRegistration pushedTo) {
        lock.lock();
        try {
            return registration != null && registration.port() == pushedTo.port()
                    && registration.secret().equals(pushedTo.secret()) ? registration : null;
        } finally {
            lock.unlock();
        }
    }

    private void markDown(ChannelRegistration target, boolean down) {
        boolean stillCurrent = store.setChannelDown(paneId, target.port(), down);
        lock.lock();
        try {
            if (stillCurrent && registration != null && registration.port() == target.port()) {
                registration = new ChannelRegistration(paneId, target.port(), target.secret(), down,
                        target.registeredAt());
            }
        } finally {
            lock.unlock();
        }
        LOG.info("pane {}: channel on port {} marked {}", paneId, target.port(), down ? "down (poll)" : "up (push)");
        listener.deliveryChanged(paneId);
    }
}
