package dev.mosaic.channel;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The launcher's AOT training for the channel fails quietly (the cache is simply not made, and every start is slower):
 * this is where a training session that no longer goes the whole way shows.
 */
class ChannelTrainingTest {
    @Test
    void theTrainingSessionRegistersAnswersAndShowsASignedPush() {
        assertThatCode(() -> ChannelTraining.main(new String[0])).doesNotThrowAnyException();
    }
}
