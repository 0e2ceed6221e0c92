package dev.mosaic.channel;

import dev.mosaic.channel.ClaudeLaunch.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How the channel tells a plain `claude` from one started with channels: the arguments alone, and a real process
 * tree — a bash standing in for Claude Code with a sleep under it standing in for the channel.
 */
class ClaudeLaunchTest {
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @Test
    void theChannelFlagsInEitherFormMeanChannels() {
        assertThat(ClaudeLaunch.of(List.of())).isEqualTo(Verdict.NO_CHANNELS);
        assertThat(ClaudeLaunch.of(List.of("--debug-file", "/tmp/d.log", "fix the --channels bug")))
                .isEqualTo(Verdict.NO_CHANNELS);
        assertThat(ClaudeLaunch.of(List.of("--dangerously-load-development-channels", "server:mosaic-channel")))
                .isEqualTo(Verdict.CHANNELS_ASKED);
        assertThat(ClaudeLaunch.of(List.of("--model", "x", "--channels", "plugin:a@b", "server:mosaic-channel")))
                .isEqualTo(Verdict.CHANNELS_ASKED);
        assertThat(ClaudeLaunch.of(List.of("--channels=server:mosaic-channel"))).isEqualTo(Verdict.CHANNELS_ASKED);
        assertThat(ClaudeLaunch.of(List.of("--", "--channels", "server:x"))).as("after --: a prompt")
                .isEqualTo(Verdict.NO_CHANNELS);
        assertThat(ClaudeLaunch.of(List.of("--channelsx"))).isEqualTo(Verdict.NO_CHANNELS);
    }

    /** A bash with these arguments, and the sleep it runs (not exec'd: bash stays its parent). */
    private ProcessHandle[] claudeAndChild(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("/bin/bash", "-c", "sleep 120; exit $?", "claude"));
        cmd.addAll(List.of(args));
        Process claude = new ProcessBuilder(cmd).start();
        started.add(claude);
        await().atMost(Duration.ofSeconds(30)).until(() -> claude.children().findAny().isPresent());
        Optional<ProcessHandle> child = claude.children().findAny();
        return new ProcessHandle[] {claude.toHandle(), child.orElseThrow()};
    }

    @Test
    void theSocketsPidNamesTheAncestorWhoseArgumentsCount() throws IOException {
        ProcessHandle[] plain = claudeAndChild("--debug-file", "/tmp/d.log");
        assertThat(ClaudeLaunch.of(Path.of("/tmp/cc-socks/" + plain[0].pid() + ".sock"), plain[1]))
                .isEqualTo(Verdict.NO_CHANNELS);
        ProcessHandle[] dev = claudeAndChild("--dangerously-load-development-channels", "server:mosaic-channel");
        assertThat(ClaudeLaunch.of(Path.of("/tmp/cc-socks/" + dev[0].pid() + ".sock"), dev[1]))
                .isEqualTo(Verdict.CHANNELS_ASKED);
        // Longer than a page (the JDK's own reading gives up there): a long prompt before the flags.
        ProcessHandle[] longLine = claudeAndChild("x".repeat(10_000), "--channels", "server:mosaic-channel");
        assertThat(ClaudeLaunch.of(Path.of("/tmp/cc-socks/" + longLine[0].pid() + ".sock"), longLine[1]))
                .isEqualTo(Verdict.CHANNELS_ASKED);
        ProcessHandle[] longPlain = claudeAndChild("x".repeat(10_000));
        assertThat(ClaudeLaunch.of(Path.of("/tmp/cc-socks/" + longPlain[0].pid() + ".sock"), longPlain[1]))
                .isEqualTo(Verdict.NO_CHANNELS);
    }

    @Test
    void aSocketNotNamedForAnAncestorTellsNothing() throws IOException {
        ProcessHandle[] plain = claudeAndChild();
        ProcessHandle[] other = claudeAndChild();
        assertThat(ClaudeLaunch.of(Path.of("/tmp/cc-socks/" + other[0].pid() + ".sock"), plain[1]))
                .as("another Claude Code's socket").isEqualTo(Verdict.UNKNOWN);
        assertThat(ClaudeLaunch.of(Path.of("/tmp/cc.sock"), plain[1])).isEqualTo(Verdict.UNKNOWN);
        assertThat(ClaudeLaunch.of(Path.of("/tmp/0.sock"), plain[1])).isEqualTo(Verdict.UNKNOWN);
        assertThat(ClaudeLaunch.of(Path.of("/tmp/99999999999.sock"), plain[1])).isEqualTo(Verdict.UNKNOWN);
        assertThat(ClaudeLaunch.of(Path.of("/"), plain[1])).isEqualTo(Verdict.UNKNOWN);
    }
}
