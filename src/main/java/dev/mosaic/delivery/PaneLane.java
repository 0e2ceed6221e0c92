package dev.mosaic.delivery;

import dev.mosaic.model.DeliveredVia;
import dev.mosaic.model.Message;
import dev.mosaic.store.ChannelRegistration;
import dev.mosaic.store.Store;
import dev.mosaic.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

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
    private final PushMetrics metrics;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private ChannelRegistration registration; // null once unregistered
    private boolean workPending = true; // a new lane starts with catch-up
    private boolean registrationChanged;
    private boolean closed;
    private Thread thread;
    /** The lane's thread is draining: a push may be in flight. */
    private boolean draining;
    /** When (System.nanoTime) the lane retries after a failure; 0 while it is not waiting out a retry delay. */
    private long retryAt;
    /** Pushes a send claimed for this lane in its own transaction (DESIGN §2: status pushing); null if none. */
    private List<Message> handed;
    /** Consecutive failed pushes; touched only by the lane's own thread. */
    private int failures;
    /** A push whose outcome the store has not recorded yet; touched only by the lane's own thread. */
    private Unsettled unsettled;

    /** A push (one message or a batch), the way it went (push or socket) and what it said, waiting to be recorded. */
    private record Unsettled(List<Message> messages, DeliveredVia via, PushOutcome outcome) {
        List<String> ids() {
            return messages.stream().map(Message::id).toList();
        }
    }
    /**
     * When (System.nanoTime) the channel started failing: the first failed push since the last delivered one or the
     * last new registration; meaningful only while {@link #channelFailing}. Lane thread only. Store faults do not
     * count: they are the hub's, not the channel's.
     */
    private long failingSince;
    private boolean channelFailing;

    /** How a drain ended. */
    private enum Drained { EMPTY, FAILED, STOPPED }

    PaneLane(String paneId, Store store, PushClient client, RetryPolicy retry, DeliveryListener listener,
             PushMetrics metrics) {
        this.paneId = paneId;
        this.store = store;
        this.client = client;
        this.retry = retry;
        this.listener = listener;
        this.metrics = metrics;
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

    /**
     * Stops pushing to the registration on that port (the channel's own unregistration names its port); false when a
     * newer one already replaced it.
     */
    boolean drop(int port) {
        return dropIf(r -> r.port() == port);
    }

    /** Stops pushing to this very registration (same port and secret); false when another replaced it. */
    private boolean drop(ChannelRegistration target) {
        return dropIf(r -> r.sameChannel(target));
    }

    private boolean dropIf(Predicate<ChannelRegistration> which) {
        lock.lock();
        try {
            if (registration == null || !which.test(registration)) {
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

    /**
     * Takes the down and not_seen flags the store now holds for the lane's registration (a push went unseen, or a
     * later one was seen: DESIGN §10), unless a newer registration replaced it meanwhile; then looks for work, which
     * the store's claim hands out one probe at a time while not_seen.
     */
    void refresh(ChannelRegistration stored) {
        lock.lock();
        try {
            if (registration != null && registration.sameChannel(stored)) {
                registration = stored;
            }
            workPending = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * True when a send may claim this lane's next push and hand it over ({@link Pusher#lanesTakingHandOff}), even while
     * the lane drains: the store claims only while no push to the pane is in flight, and the lane's drain takes what
     * is handed before it claims anything itself. So the next message costs no claim of its own, hence no fsync,
     * whenever the last push was recorded before its send committed.
     */
    boolean takesHandOff() {
        lock.lock();
        try {
            return !closed && registration != null && !registration.down() && retryAt == 0 && handed == null;
        } finally {
            lock.unlock();
        }
    }

    /** Takes pushes claimed for this lane; false when the lane cannot push them now (the caller re-queues them). */
    boolean take(List<Message> claimed) {
        lock.lock();
        try {
            if (closed || registration == null || retryAt != 0 || handed != null) {
                return false;
            }
            handed = claimed;
            workPending = true;
            changed.signalAll();
            return true;
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
        while (true) {
            ChannelRegistration target;
            List<Message> leftOver;
            lock.lock();
            try {
                target = awaitTurn(retryAt);
                leftOver = target == null ? handed : null;
                if (target == null) {
                    handed = null;
                    thread = null;
                } else {
                    if (registrationChanged) {
                        registrationChanged = false;
                        failures = 0;
                        channelFailing = false;
                    }
                    workPending = false;
                    draining = true;
                    retryAt = 0;
                }
            } finally {
                lock.unlock();
            }
            if (target == null) {
                release(leftOver);
                return;
            }
            long next = drainOrFail(target) == Drained.FAILED
                    ? System.nanoTime() + retry.delay(failures, ThreadLocalRandom.current()::nextDouble).toNanos()
                    : 0;
            List<Message> heldBack = null;
            lock.lock();
            try {
                retryAt = next;
                draining = false;
                if (next != 0) {
                    heldBack = handed; // handed over as the push failed: back to the queue, for polls meanwhile
                    handed = null;
                }
            } finally {
                lock.unlock();
            }
            release(heldBack);
        }
    }

    /** Returns handed-over pushes that the lane will not send now to the queue, unmarked (nobody saw them). */
    private void release(List<Message> neverSent) {
        if (neverSent == null) {
            return;
        }
        try {
            List<String> released = store.releasePushes(neverSent.stream().map(Message::id).toList(), false);
            neverSent.stream().filter(m -> released.contains(m.id())).forEach(listener::requeued);
        } catch (StoreUnavailableException e) {
            LOG.warn("pane {}: cannot return {} message(s) to the queue; the sweep will: {}", paneId, neverSent.size(),
                    e.getMessage());
        }
    }

    /** The pushes a send claimed for this lane, if any, now the lane's own to settle. */
    private Optional<List<Message>> takeHanded() {
        lock.lock();
        try {
            Optional<List<Message>> m = Optional.ofNullable(handed);
            handed = null;
            return m;
        } finally {
            lock.unlock();
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

    /**
     * {@link #drain}, where an unexpected exception counts as a failed push: a lane whose thread died would leave the
     * push it claimed or was handed {@code pushing} until the stale-claim sweep, and take no hand-off again.
     */
    private Drained drainOrFail(ChannelRegistration target) {
        try {
            return drain(target);
        } catch (RuntimeException e) {
            LOG.error("pane {}: the push lane failed; it tries again after the retry delay", paneId, e);
            failures++;
            return Drained.FAILED;
        }
    }

    /** Pushes queued messages, oldest first, until none is left, one fails, or the lane must stop. */
    private Drained drain(ChannelRegistration target) {
        while (true) {
            if (unsettled != null && !settle(target)) {
                return Drained.FAILED;
            }
            Optional<List<Message>> handedOver = takeHanded();
            List<Message> next;
            try {
                // What queued while the last push was out goes in one push (DESIGN §4): one claim, one request and
                // one "pushed" write for the lot, instead of one of each per message.
                next = handedOver.isPresent() ? handedOver.get() : store.claimPushes(paneId, Store.PUSH_BATCH);
            } catch (StoreUnavailableException e) {
                LOG.warn("pane {}: cannot claim the next message: {}", paneId, e.getMessage());
                failures++;
                return Drained.FAILED;
            }
            if (next.isEmpty()) {
                return Drained.EMPTY;
            }
            // The registration says the way: through Claude Code's socket once pushes went unseen (DESIGN §10).
            DeliveredVia via = target.socketRoute() ? DeliveredVia.SOCKET : DeliveredVia.PUSH;
            PushOutcome outcome = client.push(target, next);
            for (Message m : next) {
                metrics.pushed(m, outcome);
            }
            unsettled = new Unsettled(next, via, outcome);
            if (!settle(target)) {
                return Drained.FAILED; // the store failed: the lane records the push again after the retry delay
            }
            if (outcome == PushOutcome.NOT_THE_CHANNEL) {
                // A stranger holds the dead channel's port: it must not read one more message.
                expire(target, "a 2xx without the channel's proof");
                return Drained.STOPPED;
            }
            if (failures > 0) {
                if (System.nanoTime() - failingSince >= retry.dropAfter().toNanos()) {
                    expire(target, retry.dropAfter() + " of failed pushes");
                    return Drained.STOPPED;
                }
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
        List<Message> batch = unsettled.messages();
        boolean delivered = unsettled.outcome() == PushOutcome.DELIVERED;
        try {
            if (delivered) {
                List<String> marked = store.markAllPushed(unsettled.ids(), unsettled.via());
                batch.stream().filter(m -> marked.contains(m.id())).forEach(m -> listener.pushed(m, unsettled.via()));
            } else {
                boolean uncertain = unsettled.outcome() == PushOutcome.UNCERTAIN;
                List<String> released = store.releasePushes(unsettled.ids(), uncertain);
                if (uncertain) {
                    metrics.redelivered(released.size());
                }
                batch.stream().filter(m -> released.contains(m.id())).forEach(listener::requeued);
            }
        } catch (StoreUnavailableException e) {
            LOG.warn("pane {}: cannot record the push of {} message(s) from {}: {}", paneId, batch.size(),
                    batch.getFirst().id(), e.getMessage());
            failures++;
            return false;
        }
        unsettled = null;
        try {
            if (delivered) {
                boolean wasFailing = failures > 0 || target.down();
                failures = 0;
                channelFailing = false;
                if (wasFailing && (!target.notSeen() || target.socketRoute())) {
                    // If this fails, the registration stays down and the next push retries. A not_seen mark is
                    // lifted by a seen receipt only (the store refuses it too): a 2xx alone proves nothing here.
                    // On the socket route the pane is up (push) while not_seen stays: the socket delivers.
                    markDown(target, false);
                }
            } else {
                failures++;
                if (!channelFailing) {
                    channelFailing = true; // store faults never get here: they are the hub's, not the channel's
                    failingSince = System.nanoTime();
                }
                if (failures >= retry.markDownAfter() && !target.down()) {
                    markDown(target, true);
                }
            }
        } catch (StoreUnavailableException e) {
            LOG.warn("pane {}: cannot mark the channel on port {}: {}", paneId, target.port(), e.getMessage());
        }
        return true;
    }

    private boolean isRegistrationChanged() {
        lock.lock();
        try {
            return registrationChanged;
        } finally {
            lock.unlock();
        }
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
            return registration != null && registration.sameChannel(pushedTo) ? registration : null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops a registration whose pushes have done nothing but fail for {@code dropAfter}, or that a stranger answered:
     * the channel is gone, so stop pushing there and stop calling it push. Safe because a live channel that lost the
     * hub registers again by itself once it reaches it (DESIGN §4).
     */
    private void expire(ChannelRegistration target, String why) {
        if (current(target) == null || isRegistrationChanged()) {
            return; // a new registration came meanwhile: it gets its own chance
        }
        boolean removed = store.expireChannel(target);
        removed |= drop(target);
        if (removed) {
            LOG.info("pane {}: channel on port {} dropped after {}", paneId, target.port(), why);
            listener.deliveryChanged(paneId);
        }
    }

    private void markDown(ChannelRegistration target, boolean down) {
        boolean stillCurrent = store.setChannelDown(target, down);
        lock.lock();
        try {
            if (stillCurrent && registration != null && registration.sameChannel(target)) {
                registration = new ChannelRegistration(paneId, target.port(), target.secret(), down,
                        target.registeredAt(), registration.notSeen(), registration.socket());
            }
        } finally {
            lock.unlock();
        }
        LOG.info("pane {}: channel on port {} marked {}", paneId, target.port(), down ? "down (poll)" : "up (push)");
        listener.deliveryChanged(paneId);
    }
}
