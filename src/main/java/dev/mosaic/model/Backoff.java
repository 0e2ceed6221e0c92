package dev.mosaic.model;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before the next try after consecutive failures: doubling from {@code base} up to {@code cap},
 * with ±20% jitter so parties that failed together (every channel when the hub restarts) do not retry together.
 * A pure function of the failure count and a random number, so it is trivial to test.
 */
public record Backoff(Duration base, Duration cap) {

    /** The delay after the given number of consecutive failures (1 = the first failure). */
    public Duration delay(int failures, DoubleSupplier random) {
        int exponent = Math.min(Math.max(failures - 1, 0), 20);
        long millis = Math.min(cap.toMillis(), base.toMillis() << exponent);
        double jitter = 0.8 + 0.4 * random.getAsDouble();
        return Duration.ofMillis(Math.max(1, Math.round(millis * jitter)));
    }
}
