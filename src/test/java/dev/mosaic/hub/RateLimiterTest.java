package dev.mosaic.hub;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {
    long now = 0;

    @Test
    void allowsTheBurstThenRefillsAtTheRate() {
        RateLimiter limiter = new RateLimiter(3, 2, () -> now);
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).as("burst spent: wait a second").isEqualTo(1);
        assertThat(limiter.acquire("b")).as("buckets are per pane").isZero();
        now += TimeUnit.MILLISECONDS.toNanos(500); // one token back at 2/s
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isPositive();
    }

    @Test
    void loopGuardCountsAWindowAndForgetsWhenTheOperatorSpeaks() {
        LoopGuard guard = new LoopGuard(2, TimeUnit.SECONDS.toNanos(60), () -> now);
        assertThat(guard.admit("t")).isTrue();
        assertThat(guard.admit("t")).isTrue();
        assertThat(guard.admit("t")).isFalse();
        assertThat(guard.admit("other")).isTrue();
        guard.operatorSpoke("t");
        assertThat(guard.admit("t")).isTrue();
        guard.admit("t");
        now += TimeUnit.SECONDS.toNanos(61);
        assertThat(guard.admit("t")).as("the window slid past").isTrue();
    }
}
