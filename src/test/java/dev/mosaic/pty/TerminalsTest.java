package dev.mosaic.pty;

import dev.mosaic.model.TerminalSize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** Terminals, real processes in real pseudo-terminals: how closing them all ends and records each one. */
class TerminalsTest {
    @TempDir
    Path cwd;

    /**
     * The hub closes its store right after closing its terminals (DESIGN §8: "each exit is recorded before the store
     * closes"), so closing returns only once every exit was recorded, even when recording takes a while. Found with
     * the real Claude Code (ClaudeCodeWorkstationTest): its exit reached a closed store, "recording its exit failed".
     */
    @Test
    void closingReturnsOnlyOnceEveryExitWasRecorded() throws Exception {
        Queue<String> recorded = new ConcurrentLinkedQueue<>();
        Terminals terminals = new Terminals(System.getenv(), Duration.ofSeconds(2));
        for (String pane : List.of("a", "b", "c")) {
            terminals.spawn(pane, new SpawnSpec(List.of("sleep", "1000"), cwd, Map.of(), new TerminalSize(80, 24)),
                    code -> {
                        // A store write that takes its time, as on a loaded machine.
                        LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
                        recorded.add(pane + ":" + code);
                    });
        }
        terminals.close();
        assertThat(recorded).containsExactlyInAnyOrder("a:143", "b:143", "c:143");
    }
}
