package dev.mosaic.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The AOT training run of the short commands works against its stand-in hub, and prints nothing of its own. */
class CliTrainingTest {
    @Test
    void theTrainingRunsEveryCommandWithoutFailing() {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThatCode(() -> CliTraining.main(new String[0])).doesNotThrowAnyException();
        } finally {
            System.setOut(out);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
