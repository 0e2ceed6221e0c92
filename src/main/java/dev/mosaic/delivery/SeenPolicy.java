package dev.mosaic.delivery;

import java.time.Duration;

/**
 * When a pushed message counts as not seen (DESIGN.md §10): pushed {@code notSeenAfter} ago, its agent idle at least
 * that long, and no seen receipt. A jittered sweep checks every {@code every} (±20%), so a message is returned to the
 * queue between {@code notSeenAfter} and {@code notSeenAfter + 1.2 × every} after its push.
 */
public record SeenPolicy(Duration notSeenAfter, Duration every) {

    public static SeenPolicy defaults() {
        return new SeenPolicy(Duration.ofSeconds(30), Duration.ofSeconds(5));
    }
}
