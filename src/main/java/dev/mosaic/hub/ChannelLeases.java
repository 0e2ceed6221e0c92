package dev.mosaic.hub;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * When each pane's channel was last heard from: its registration, its presence stream held open (DESIGN §4), a
 * health check with the pane's token (a channel that cannot hold the stream makes one every 5 s), or a push it proved. A registration whose channel has not been heard from for
 * {@link #DEFAULT_TERM} shows as {@code poll}: a channel killed while nobody sent to it would otherwise show
 * {@code push} until the first push to it failed.
 *
 * <p>Kept in memory only: a write every 5 s per pane would cost more than it tells. After a hub restart every kept
 * registration counts as heard at the start ({@link #heard} for each), and live channels renew within one health
 * period.
 */
final class ChannelLeases implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelLeases.class);
    /** Four missed health checks: a loaded machine can delay one or two, never four. */
    static final Duration DEFAULT_TERM = Duration.ofSeconds(20);

    private final Clock clock;
    private final Duration term;
    private final Instant start;
    private final Map<String, Instant> heard = new ConcurrentHashMap<>();
    /** Presence streams open per pane (DESIGN §4): while one is open the pane's channel is alive, whatever the clock. */
    private final Map<String, Integer> held = new ConcurrentHashMap<>();
    /** Panes already reported as lapsed, so each lapse and each revival is one {@code pane} event. */
    private final Set<String> lapsed = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService watcher;
    private volatile Consumer<String> changed = id -> { };

    ChannelLeases(Clock clock, Duration term) {
        this.clock = clock;
        this.term = term;
        this.start = clock.instant();
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "channel-leases");
            t.setDaemon(true);
            return t;
        });
    }

    /** Checks for lapsed leases every quarter term from now on, telling {@code changed} of each pane that flips. */
    void watch(Consumer<String> changed) {
        this.changed = changed;
        long every = Math.max(1, term.toMillis() / 4);
        watcher.scheduleWithFixedDelay(this::checkLapses, every, every, TimeUnit.MILLISECONDS);
    }

    /** The pane's channel showed it is alive. */
    void heard(String paneId) {
        heard.put(paneId, clock.instant());
        if (lapsed.remove(paneId)) {
            changed.accept(paneId);
        }
    }

    /**
     * The pane's channel holds its presence stream open: fresh until {@link #release}. A channel that dies drops the
     * stream with it, so its lease lapses at once instead of a term later.
     */
    void hold(String paneId) {
        held.merge(paneId, 1, Integer::sum);
        heard(paneId);
    }

    /** A presence stream of the pane closed; once none is left, the lease lapses now. */
    void release(String paneId) {
        Integer left = held.computeIfPresent(paneId, (id, n) -> n > 1 ? n - 1 : null);
        if (left == null && heard.containsKey(paneId)) {
            heard.put(paneId, clock.instant().minus(term).minusMillis(1));
            checkLapses();
        }
    }

    /** The pane has no registration any more (unregistered, stopped). */
    void forget(String paneId) {
        heard.remove(paneId);
        lapsed.remove(paneId);
    }

    /** Whether the pane's channel holds its presence stream, or was heard from within the term. */
    boolean fresh(String paneId) {
        if (held.containsKey(paneId)) {
            return true;
        }
        Instant last = heard.getOrDefault(paneId, start);
        return !clock.instant().isAfter(last.plus(term));
    }

    /** Reports panes whose lease lapsed since the last check; runs on the watcher, and from tests directly. */
    void checkLapses() {
        for (String paneId : heard.keySet()) {
            if (!fresh(paneId) && lapsed.add(paneId)) {
                try {
                    changed.accept(paneId);
                } catch (RuntimeException e) {
                    // The store may be away for a moment; the listing shows the lapse anyway, only the event is lost,
                    // and a dying task would end every later check.
                    LOG.warn("could not announce the lapsed channel of pane {}: {}", paneId, e.toString());
                }
            }
        }
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }
}
