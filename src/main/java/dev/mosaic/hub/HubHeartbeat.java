package dev.mosaic.hub;

import dev.mosaic.delivery.RepeatingTask;
import dev.mosaic.model.Timestamps;
import dev.mosaic.store.Store;
import dev.mosaic.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * Tells the other hubs on the database that this one is alive (DESIGN.md §6): a heartbeat every {@link #EVERY}; the
 * panes of a hub silent for {@link #SILENT_AFTER} show offline on every hub, and their messages wait for it.
 */
final class HubHeartbeat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HubHeartbeat.class);
    static final Duration EVERY = Duration.ofSeconds(5);
    /** Three beats missed: longer than any pause of a live hub (a GC, a slow commit), short enough to tell. */
    static final Duration SILENT_AFTER = Duration.ofSeconds(15);

    private final Store store;
    private final Clock clock;
    /** Run after each beat: what the other hubs changed meanwhile (DESIGN §6). */
    private final Runnable afterBeat;
    private final RepeatingTask beats;

    HubHeartbeat(Store store, Clock clock, Runnable afterBeat) {
        this.store = store;
        this.clock = clock;
        this.afterBeat = afterBeat;
        this.beats = RepeatingTask.steady("hub-heartbeat", EVERY, this::beat);
    }

    /** Beats once now (so the hub's panes are not offline from its first answer on), then every {@link #EVERY}. */
    void start() {
        store.heartbeat(Timestamps.format(clock.instant()));
        afterBeat.run();
        beats.start();
    }

    /** The time before which a hub's last heartbeat makes it silent. */
    static String silentSince(Clock clock) {
        return Timestamps.format(clock.instant().minus(SILENT_AFTER));
    }

    private void beat() {
        try {
            store.heartbeat(Timestamps.format(clock.instant()));
        } catch (StoreUnavailableException e) {
            LOG.warn("cannot record this hub's heartbeat: {}", e.getMessage());
        }
        try {
            afterBeat.run();
        } catch (RuntimeException e) {
            LOG.warn("after the heartbeat: {}", e.toString()); // the next beat tries again
        }
    }

    @Override
    public void close() {
        beats.close();
    }
}
