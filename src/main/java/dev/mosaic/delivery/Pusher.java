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
    private final RepeatingTask sweeper;

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
        this.sweeper = RepeatingTask.jittered("push-sweep", sweep.every(), this::sweepStaleClaims);
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
        sweeper.start();
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
    public Set<String> lanesTakingHandOff(Collection<String> paneIds) {
        Set<String> taking = new HashSet<>();
        for (String id : paneIds) {
            PaneLane lane = lanes.get(id);
            if (lane != null && lane.takesHandOff()) {
                taking.add(id);
            }
        }
        return taking;
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

    /**
     * Every lane looks for queued messages: some may have been stored by another hub unnoticed (DESIGN §6). First the
     * lanes of panes whose channel has since registered with another hub: that hub pushes to them now, and this one
     * must not push to the old port (the store's claim refuses it meanwhile).
     */
    public void wakeAll() {
        dropLanesMovedAway();
        lanes.values().forEach(PaneLane::wake);
    }

    private void dropLanesMovedAway() {
        Set<String> remote;
        try {
            remote = store.panesWithRemoteChannels();
        } catch (StoreUnavailableException e) {
            LOG.warn("cannot read which channels registered with other hubs: {}", e.getMessage());
            return;
        }
        for (String paneId : remote) {
            try {
                dropLaneMovedAway(paneId);
            } catch (StoreUnavailableException e) {
                LOG.warn("pane {}: cannot check where its channel is: {}", paneId, e.getMessage());
            }
        }
    }

    private void dropLaneMovedAway(String paneId) {
        PaneLane[] gone = {null};
        // Under the map's per-key lock, as register() is: a registration with this hub racing with the check
        // either comes first (the pane is no longer remote) or finds no lane and makes a new one.
        lanes.computeIfPresent(paneId, (id, lane) -> {
            if (!store.panesWithRemoteChannels().contains(id)) {
                return lane;
            }
            gone[0] = lane;
            return null;
        });
        if (gone[0] != null) {
            gone[0].stop();
            gone[0].awaitStopped();
            LOG.info("pane {}: its channel registered with another hub, which pushes to it now", paneId);
            listener.deliveryChanged(paneId);
        }
    }

    private PaneLane lane(String paneId) {
        return lanes.computeIfAbsent(paneId, id -> new PaneLane(id, store, client, retry, listener, metrics));
    }

    /** Lets in-flight pushes finish; what was not pushed stays queued. */
    @Override
    public void close() {
        sweeper.close();
        lanes.values().forEach(PaneLane::stop); // all at once: pushes in flight finish side by side
        lanes.values().forEach(PaneLane::awaitStopped);
        lanes.clear();
    }
}
