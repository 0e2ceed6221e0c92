package dev.mosaic.delivery;

import dev.mosaic.model.Backoff;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/** How the pusher retries a channel: the backoff between pushes, and after how many failures it is marked down. */
public record RetryPolicy(Duration base, Duration cap, int markDownAfter) {

    public static RetryPolicy defaults() {
        return new RetryPolicy(Duration.ofMillis(250), Duration.ofSeconds(30), 3);
    }

    /** The delay after the given number of consecutive failures (1 = the first failure). */
    public Duration delay(int failures, DoubleSupplier random) {
        return new Backoff(base, cap).delay(failures, random);
    }
}
