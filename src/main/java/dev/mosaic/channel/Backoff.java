package dev.mosaic.channel;

import java.time.Duration;

/** Delay before the next attempt to reach the hub: doubling from a first delay up to a ceiling. */
record Backoff(Duration first, Duration max) {
    Duration delay(int attempt) {
        int shift = Math.min(Math.max(attempt, 0), 20);
        long millis = first.toMillis() << shift;
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
