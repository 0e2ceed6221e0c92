package dev.mosaic.delivery;

import dev.mosaic.store.ChannelRegistration;
import dev.mosaic.store.Store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Push delivery for every pane with a channel: one {@link PaneLane} per pane, so each pane has one push in flight
 * and sees its messages in order, while a slow channel never holds up another pane.
 */
public final class Pusher implements AutoCloseable {
    private final Store store;
    private final PushClient client;
    private final RetryPolicy retry;
    private final DeliveryListener listener;
    private final Map<String, PaneLane> lanes = new ConcurrentHashMap<>();

    public Pusher(Store store, PushClient client, RetryPolicy retry, DeliveryListener listener) {
        this.store = store;
        this.client = client;
        this.retry = retry;
        this.listener = listener;
    }

    /** Resumes pushing to the registrations kept in the store; queued messages go out first (catch-up). */
    public void start() {
        store.releaseAllPushes();
        for (ChannelRegistration r : store.channels()) {
            lane(r.paneId()).use(r);
        }
    }

    /** Registers a pane's channel (latest wins) and pushes its queued messages, oldest first. */
    public void register(ChannelRegistration registration) {
        store.putChannel(registration);
        lane(registration.paneId()).use(registration);
        listener.deliveryChanged(registration.paneId());
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

    /** A message for this pane is stored: push it if the pane has a channel. */
    public void messageStored(String paneId) {
        PaneLane lane = lanes.get(paneId);
        if (lane != null) {
            lane.wake();
        }
    }

    private PaneLane lane(String paneId) {
        return lanes.computeIfAbsent(paneId, id -> new PaneLane(id, store, client, retry, listener));
    }

    /** Lets in-flight pushes finish; what was not pushed stays queued. */
    @Override
    public void close() {
        lanes.values().forEach(PaneLane::stop); // all at once: pushes in flight finish side by side
        lanes.values().forEach(PaneLane::awaitStopped);
        lanes.clear();
    }
}
