package dev.mosaic.delivery;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(5), 3);

    @Test
    void doublesFromTheBaseUpToTheCap() {
        assertThat(policy.delay(1, () -> 0.5)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.delay(2, () -> 0.5)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.delay(4, () -> 0.5)).isEqualTo(Duration.ofMillis(800));
        assertThat(policy.delay(30, () -> 0.5)).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.delay(1000, () -> 0.5)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void jitterStaysWithinTwentyPercent() {
        assertThat(policy.delay(2, () -> 0.0)).isEqualTo(Duration.ofMillis(160));
        assertThat(policy.delay(2, () -> 0.999999)).isEqualTo(Duration.ofMillis(240));
    }
}
