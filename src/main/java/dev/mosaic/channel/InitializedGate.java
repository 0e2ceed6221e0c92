package dev.mosaic.channel;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Opens when Claude Code sends {@code notifications/initialized}; no notification may be written before. */
final class InitializedGate {
    private final CountDownLatch opened = new CountDownLatch(1);

    void open() {
        opened.countDown();
    }

    boolean isOpen() {
        return opened.getCount() == 0;
    }

    /** Waits at most that long; true once open. */
    boolean await(Duration atMost) {
        try {
            return opened.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
