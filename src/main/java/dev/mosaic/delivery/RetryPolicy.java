package dev.mosaic.delivery;

import dev.mosaic.model.Backoff;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How the pusher retries a channel: the backoff between pushes, after how many consecutive failures the
 * registration is marked down (delivery {@code poll}), and after how long of nothing but failed pushes it is dropped.
 */
public record RetryPolicy(Duration base, Duration cap, int markDownAfter, Duration dropAfter) {
    /** Ten minutes of failures at a 30 s cap is some twenty refused pushes: that channel is gone. */
    public static final Duration DEFAULT_DROP_AFTER = Duration.ofMinutes(10);

    /** The given backoff and mark-down, with the default expiry. */
    public RetryPolicy(Duration base, Duration cap, int markDownAfter) {
        this(base, cap, markDownAfter, DEFAULT_DROP_AFTER);
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(Duration.ofMillis(250), Duration.ofSeconds(30), 3, DEFAULT_DROP_AFTER);
    }

    /** The delay after the given number of consecutive failures (1 = the first failure). */
    public Duration delay(int failures, DoubleSupplier random) {
        return new Backoff(base, cap).delay(failures, random);
    }
}
