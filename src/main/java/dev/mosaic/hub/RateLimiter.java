package dev.mosaic.hub;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** A token bucket per pane: a burst of {@code burst} sends, refilled at {@code perSecond}. */
final class RateLimiter {
    private final int burst;
    private final double perSecond;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    RateLimiter(int burst, double perSecond, LongSupplier nanoClock) {
        this.burst = burst;
        this.perSecond = perSecond;
        this.nanoClock = nanoClock;
    }

    /** Takes one send from the pane's bucket; returns 0 when allowed, else the seconds to wait. */
    long acquire(String paneId) {
        long now = nanoClock.getAsLong();
        Bucket b = buckets.computeIfAbsent(paneId, id -> new Bucket(burst, now));
        synchronized (b) { // held for a few arithmetic steps only, never across I/O
            b.tokens = Math.min(burst, b.tokens + (now - b.at) / 1e9 * perSecond);
            b.at = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - b.tokens) / perSecond));
        }
    }

    /** Gives back the send taken by {@link #acquire} for a send that was refused for another reason. */
    void refund(String paneId) {
        Bucket b = buckets.get(paneId);
        if (b != null) {
            synchronized (b) {
                b.tokens = Math.min(burst, b.tokens + 1);
            }
        }
    }
}
