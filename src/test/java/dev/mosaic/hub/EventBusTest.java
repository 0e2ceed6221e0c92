package dev.mosaic.hub;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;

/** The event bus holds a bounded number of bytes for each subscriber, however slow it reads. */
class EventBusTest {
    static final String BIG = "{\"text\":\"" + "x".repeat(64 * 1024) + "\"}";

    @Test
    void aStalledSubscriberIsDroppedOnceItsBacklogPassesTheByteBound() {
        CountDownLatch never = new CountDownLatch(1);
        AtomicBoolean dropped = new AtomicBoolean();
        try (EventBus bus = new EventBus()) {
            bus.subscribe(null, (id, type, json) -> {
                try {
                    never.await(); // a `mosaic tail | less` nobody scrolls
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, () -> dropped.set(true));
            for (int i = 0; i < 100; i++) { // 6.4 MB of message texts
                bus.publish("message", BIG);
            }
            await().atMost(Duration.ofSeconds(10)).untilTrue(dropped);
        } finally {
            never.countDown();
        }
    }
}
