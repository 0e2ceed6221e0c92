package dev.mosaic.delivery;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class RepeatingTaskTest {

    @Test
    void aRunThatThrowsDoesNotEndTheTask() {
        AtomicInteger runs = new AtomicInteger();
        try (RepeatingTask task = RepeatingTask.jittered("test-sweep", Duration.ofMillis(10), () -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("the first pass fails");
            }
        })) {
            task.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> runs.get() >= 3);
        }
    }

    @Test
    void closeWakesTheWaitAndNoRunFollowsIt() {
        AtomicInteger runs = new AtomicInteger();
        RepeatingTask task = RepeatingTask.steady("test-beat", Duration.ofHours(1), runs::incrementAndGet);
        task.start();
        // An hour's wait must not hold up a hub's stop.
        assertTimeoutPreemptively(Duration.ofSeconds(30), task::close);
        task.start(); // after close: nothing starts again
        assertThat(runs).hasValue(0);
    }

    @Test
    void aStartTwiceRunsOneThread() {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        try (RepeatingTask task = RepeatingTask.steady("test-once", Duration.ofMillis(5), () -> {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            runs.incrementAndGet();
            inside.decrementAndGet();
        })) {
            task.start();
            task.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> runs.get() >= 20);
        }
        assertThat(most).hasValue(1);
    }

    @Test
    void anIntervalThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> RepeatingTask.jittered("bad", Duration.ZERO, () -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad");
    }
}
