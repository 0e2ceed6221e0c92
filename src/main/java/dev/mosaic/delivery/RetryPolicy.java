package dev.mosaic.delivery;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before the next push after consecutive failures: exponential from {@code base}, capped,
 * with ±20% jitter so channels that failed together do not retry together. A pure function of the attempt.
 */
public record RetryPolicy(Duration base, Duration cap, int markDownAfter) {

    public static RetryPolicy defaults() {
        return new RetryPolicy(Duration.ofMillis(250), Duration.ofSeconds(30), 3);
    }

    /** The delay after the given number of consecutive failures (1 = the first failure). */
    public Duration delay(int failures, DoubleSupplier random) {
        int exponent = Math.min(Math.max(failures - 1, 0), 20);
        long millis = Math.min(cap.toMillis(), base.toMillis() << exponent);
        double jitter = 0.8 + 0.4 * random.getAsDouble();
        return Duration.ofMillis(Math.max(1, Math.round(millis * jitter)));
    }
}
