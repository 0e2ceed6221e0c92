package dev.mosaic.pty;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DevChannelsWarningTest {
    /** Claude Code 2.1.330's first screen with the development flag, as its PTY gave it (captured, 120×32). */
    private static final byte[] REAL_SCREEN = resource("/claude-code/dev-channels-warning.bin");

    @Test
    void theRealScreenIsRecognisedOnlyOnceItsLastLineIsDrawn() {
        String text = new String(REAL_SCREEN, StandardCharsets.ISO_8859_1);
        int lastByte = text.indexOf("confirm") + "confirm".length() - 1;
        DevChannelsWarning warning = new DevChannelsWarning();
        for (int i = 0; i < REAL_SCREEN.length; i++) {
            boolean shown = warning.feed(REAL_SCREEN, i, 1);
            assertThat(shown).as("after byte %d of %d", i, REAL_SCREEN.length).isEqualTo(i >= lastByte);
        }
    }

    @Property(tries = 300)
    void anySplitOfTheRealScreenIsRecognised(@ForAll @Size(max = 40) List<@IntRange(min = 1, max = 64) Integer> cuts) {
        DevChannelsWarning warning = new DevChannelsWarning();
        int at = 0;
        for (int cut : cuts) {
            int len = Math.min(cut, REAL_SCREEN.length - at);
            assertThat(warning.feed(REAL_SCREEN, at, len)).isFalse();
            at += len;
            if (at > REAL_SCREEN.length - 200) {
                break; // the footer comes in the last 200 bytes
            }
        }
        assertThat(warning.feed(REAL_SCREEN, at, REAL_SCREEN.length - at)).isTrue();
    }

    @Test
    void wordsDrawnWithCursorMovesAndColoursStillMatch() {
        DevChannelsWarning warning = new DevChannelsWarning();
        feed(warning, "\u001b[3G\u001b[1mWARNING:\u001b[12GLoad");
        feed(warning, "ing\u001b[20Gdevelopment\u001b[32Gchan\u001b]8;;x\u0007nels\r\n");
        feed(warning, "\u001b[38;5;211m❯ 1.\u001b[6CI am using this for local development\u001b[0m\r\n  2. Ex");
        assertThat(feed(warning, "it\r\n\u001b[3G")).isFalse();
        assertThat(feed(warning, "Enter to con\u001b")).isFalse();
        assertThat(feed(warning, "[1Cfirm · Esc to cancel")).isTrue();
    }

    @Test
    void aPromptWithoutTheWarningIsNotAnswered() {
        DevChannelsWarning warning = new DevChannelsWarning();
        assertThat(feed(warning, "Welcome\r\n? for shortcuts\r\n1. I am using this for local development\r\n"))
                .isFalse();
        assertThat(feed(warning, "2. Exit\r\nEnter to confirm")).isFalse();
    }

    @Test
    void theWordsInsideATitleOrAnotherEscapeSequenceDoNotCount() {
        DevChannelsWarning warning = new DevChannelsWarning();
        feed(warning, "\u001b]0;WARNING: Loading development channels\u0007");
        feed(warning, "\u001bP1. I am using this for local development 2. Exit\u001b\\");
        assertThat(feed(warning, "Enter to confirm")).isFalse();
    }

    private static boolean feed(DevChannelsWarning warning, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        return warning.feed(bytes, 0, bytes.length);
    }

    private static byte[] resource(String name) {
        try (InputStream in = DevChannelsWarningTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
