package dev.mosaic.delivery;

import dev.mosaic.model.Message;
import dev.mosaic.model.Timestamps;
import dev.mosaic.store.ChannelRegistration;
import dev.mosaic.store.Store;
import dev.mosaic.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Push delivery for every pane with a channel: one {@link PaneLane} per pane, so each pane has one push in flight
 * and sees its messages in order, while a slow channel never holds up another pane. A jittered sweep returns claims
 * that no lane will settle ({@link ClaimSweep}).
 */
public final class Pusher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pusher.class);

    private final Store store;
    private final PushClient client;
    private final RetryPolicy retry;
    private final DeliveryListener listener;
    private final ClaimSweep sweep;
    private final PushMetrics metrics;
    private final Map<String, PaneLane> lanes = new ConcurrentHashMap<>();
    private final ReentrantLock sweepLock = new ReentrantLock();
    private final Condition closing = sweepLock.newCondition();
    private boolean closed; // guarded by sweepLock
    private Thread sweeper; // guarded by sweepLock

    public Pusher(Store store, PushClient client, RetryPolicy retry, DeliveryListener listener) {
        this(store, client, retry, listener, ClaimSweep.defaults());
    }

    public Pusher(Store store, PushClient client, RetryPolicy retry, DeliveryListener listener, ClaimSweep sweep) {
        this(store, client, retry, listener, sweep, PushMetrics.none());
    }

    public Pusher(Store store, PushClient client, RetryPolicy retry, DeliveryListener listener, ClaimSweep sweep,
                  PushMetrics metrics) {
        this.store = store;
        this.client = client;
        this.retry = retry;
        this.listener = listener;
        this.sweep = sweep;
        this.metrics = metrics;
    }

    /**
     * Resumes pushing to the registrations kept in the store; queued messages go out first (catch-up). Starts the
     * sweep of stale claims.
     */
    public void start() {
        metrics.redelivered(store.releaseAllPushes());
        for (ChannelRegistration r : store.localChannels()) { // another hub's registrations are its to push
            lane(r.paneId()).use(r);
        }
        sweepLock.lock();
        try {
            if (!closed && sweeper == null) {
                sweeper = Thread.ofVirtual().name("push-sweep").start(this::sweepUntilClosed);
            }
        } finally {
            sweepLock.unlock();
        }
    }

    private void sweepUntilClosed() {
        while (awaitNextSweep()) {
            sweepStaleClaims();
        }
    }

    /** Waits out one jittered sweep interval; false once the pusher closes. */
    private boolean awaitNextSweep() {
        long left = Math.round(sweep.every().toNanos() * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
        sweepLock.lock();
        try {
            while (!closed && left > 0) {
                left = closing.awaitNanos(left);
            }
            return !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            sweepLock.unlock();
        }
    }

    private void sweepStaleClaims() {
        List<Message> released;
        try {
            released = store.releaseStalePushes(Timestamps.format(Instant.now().minus(sweep.staleAfter())));
        } catch (StoreUnavailableException e) {
            LOG.warn("cannot sweep stale push claims: {}", e.getMessage());
            return;
        }
        metrics.redelivered(released.size());
        for (Message m : released) {
            LOG.warn("pane {}: message {} was claimed for a push that was never settled; queued again, marked "
                    + "redelivered", m.toId(), m.id());
            listener.requeued(m);
            messageStored(m.toId());
        }
    }

    /**
     * Registers a pane's channel (latest wins) and pushes its queued messages, oldest first; false (nothing kept)
     * when the pane is no longer live. The map's per-key lock orders this with {@link #paneStopped}: a stop either
     * commits first, and the guarded insert refuses, or waits for this and then stops the lane.
     */
    public boolean register(ChannelRegistration registration) {
        boolean[] kept = {false};
        lanes.compute(registration.paneId(), (id, lane) -> {
            if (!store.putChannel(registration)) {
                return lane;
            }
            PaneLane current = lane != null ? lane : new PaneLane(id, store, client, retry, listener, metrics);
            current.use(registration);
            kept[0] = true;
            return current;
        });
        if (kept[0]) {
            listener.deliveryChanged(registration.paneId());
        }
        return kept[0];
    }

    /** Unregisters the channel on that port; false (and nothing changes) when a newer one replaced it. */
    public boolean unregister(String paneId, int port) {
        boolean removed = store.removeChannel(paneId, port);
        PaneLane lane = lanes.get(paneId);
        if (lane != null) {
            removed |= lane.drop(port);
        }
        if (removed) {
            listener.deliveryChanged(paneId);
        }
        return removed;
    }

    /** Forgets a stopped pane's channel (the store dropped its registration with the pane). */
    public void paneStopped(String paneId) {
        PaneLane lane = lanes.remove(paneId);
        if (lane != null) {
            lane.stop();
            lane.awaitStopped();
        }
    }

    /**
     * The panes among these whose lanes can take a hand-off (a live registration that is up, no retry delay, none
     * handed already), busy or not: a send may claim their next push in its own transaction and {@link #handOff} it,
     * so the push costs no commit of its own before it goes out. While a push to the pane is in flight the store's
     * claim guard claims nothing, and the lane claims the next itself; a stale hint is safe for the same reason.
     */
    public Set<String> idleLanes(Collection<String> paneIds) {
        Set<String> idle = new HashSet<>();
        for (String id : paneIds) {
            PaneLane lane = lanes.get(id);
            if (lane != null && lane.idle()) {
                idle.add(id);
            }
        }
        return idle;
    }

    /**
     * Gives a lane the push a send claimed for it (status pushing): one pane's messages, in seq order. A lane that can
     * no longer push them (stopped, unregistered, or waiting out a retry delay meanwhile) does not take them: they go
     * back to the queue at once, so a poll is not held up behind them.
     */
    public void handOff(List<Message> claimed) {
        String paneId = claimed.getFirst().toId();
        PaneLane lane = lanes.get(paneId);
        if (lane != null && lane.take(claimed)) {
            return;
        }
        try {
            store.releasePushes(claimed.stream().map(Message::id).toList(), false); // never sent: not redelivered
        } catch (StoreUnavailableException e) {
            LOG.warn("pane {}: cannot return {} message(s) to the queue; the sweep will: {}", paneId, claimed.size(),
                    e.getMessage());
            return;
        }
        messageStored(paneId);
    }

    /**
     * A push to this pane went unseen and the store marked its registration down and not_seen (DESIGN §10): the lane
     * holds back, and the pane shows delivery poll.
     */
    public void notSeen(String paneId) {
        refresh(paneId);
    }

    /** A seen receipt lifted this pane's not_seen mark in the store: push resumes. */
    public void seenAgain(String paneId) {
        refresh(paneId);
    }

    /** The lane takes its registration's flags from the store, which decided them. */
    private void refresh(String paneId) {
        PaneLane lane = lanes.get(paneId);
        if (lane != null) {
            try {
                store.channel(paneId).ifPresent(lane::refresh);
            } catch (StoreUnavailableException e) {
                // The store's claim guard holds whatever the lane believes; only hand-offs wait for the next change.
                LOG.warn("pane {}: cannot read its registration: {}", paneId, e.getMessage());
            }
        }
        listener.deliveryChanged(paneId);
    }

    /** A message for this pane is stored: push it if the pane has a channel. */
    public void messageStored(String paneId) {
        PaneLane lane = lanes.get(paneId);
        if (lane != null) {
            lane.wake();
        }
    }

    /** Every lane looks for queued messages: some may have been stored by another hub unnoticed (DESIGN §6). */
    public void wakeAll() {
        lanes.values().forEach(PaneLane::wake);
    }

    private PaneLane lane(String paneId) {
        return lanes.computeIfAbsent(paneId, id -> new PaneLane(id, store, client, retry, listener, metrics));
    }

    /** Lets in-flight pushes finish; what was not pushed stays queued. */
    @Override
    public void close() {
        sweepLock.lock();
        try {
            closed = true;
            closing.signalAll();
        } finally {
            sweepLock.unlock();
        }
        lanes.values().forEach(PaneLane::stop); // all at once: pushes in flight finish side by side
        lanes.values().forEach(PaneLane::awaitStopped);
        lanes.clear();
    }
}
