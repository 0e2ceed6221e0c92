package dev.mosaic.hub;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The loop guard's memory of threads: bounded, and not rescanned on every send when a window holds many. */
class LoopGuardTest {
    private static final long WINDOW = 60_000_000_000L;
    private final AtomicLong clock = new AtomicLong();
    private final LoopGuard guard = new LoopGuard(20, WINDOW, clock::get);

    @Test
    void aBusyWindowIsNotRescannedOnEverySend() {
        // 100,000 new threads in one window, as a hub at 1,700 messages a second sees: none is quiet yet.
        for (int i = 0; i < 100_000; i++) {
            clock.addAndGet(1_000);
            assertThat(guard.admit("thread-" + i)).isTrue();
        }
        assertThat(guard.threadsRemembered()).isEqualTo(100_000);
        // Each sweep scans every thread; one per send above the first 10,000 would be 90,000 of them.
        assertThat(guard.sweeps()).isLessThanOrEqualTo(4);
    }

    @Test
    void threadsQuietForAWindowAreForgotten() {
        for (int i = 0; i < LoopGuard.FIRST_SWEEP_ABOVE; i++) {
            guard.admit("old-" + i);
        }
        clock.addAndGet(WINDOW + 1);
        for (int i = 0; i < 2; i++) {
            guard.admit("new-" + i);
        }
        assertThat(guard.threadsRemembered()).isEqualTo(2);
        assertThat(guard.sweeps()).isEqualTo(1);
    }

    @Test
    void aThreadOverItsLimitIsRefusedUntilTheWindowPasses() {
        for (int i = 0; i < 20; i++) {
            assertThat(guard.admit("t")).isTrue();
        }
        assertThat(guard.admit("t")).isFalse();
        clock.addAndGet(WINDOW + 1);
        assertThat(guard.admit("t")).isTrue();
    }
}
