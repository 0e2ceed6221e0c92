package dev.mosaic.delivery;

import java.time.Duration;

/**
 * The safety net under push lanes: every {@code every} (±20% jitter) the pusher returns to the queue any message
 * claimed for a push more than {@code staleAfter} ago. A lane settles its own claims; this catches the ones no lane
 * will (its store writes kept failing, or its channel went away meanwhile).
 *
 * @param staleAfter far longer than a push can take (push timeout plus the store's busy timeout), so a live push
 *                   is never swept
 */
public record ClaimSweep(Duration staleAfter, Duration every) {

    public static ClaimSweep defaults() {
        return new ClaimSweep(Duration.ofMinutes(2), Duration.ofSeconds(30));
    }
}
