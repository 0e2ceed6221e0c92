package dev.mosaic.pty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A process group on Linux: the pane's process leads its own (pid = pgid, MEASURED.md), and its children stay in it
 * unless they leave on purpose. Signals go to the whole group with {@code kill -SIG -- -pgid}; whether anyone is
 * left is read from /proc, not from {@code kill -0}, which also counts zombies.
 */
final class ProcessGroup {
    private static final Path PROC = Path.of("/proc");
    private static final Duration POLL = Duration.ofMillis(25);

    private final long pgid;

    ProcessGroup(long pgid) {
        this.pgid = pgid;
    }

    /** Sends the signal (TERM, KILL, …) to every process of the group; false when none received it. */
    boolean signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + pgid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return kill.waitFor() == 0;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill to signal process group " + pgid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether any process of the group still runs (zombies do not count). */
    boolean alive() {
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(PROC, p -> isPid(p.getFileName().toString()))) {
            for (Path p : procs) {
                if (inGroupAndRunning(p.resolve("stat"))) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc", e);
        }
    }

    /** Waits until no process of the group runs, or the time is up; true when the group is empty. */
    boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (alive()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(POLL);
        }
        return true;
    }

    private boolean inGroupAndRunning(Path stat) {
        String s;
        try {
            s = Files.readString(stat, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return false; // gone meanwhile
        }
        // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so read after the last ')'.
        int close = s.lastIndexOf(')');
        if (close < 0) {
            return false;
        }
        String[] f = s.substring(close + 2).split(" ", 4);
        return f.length >= 3 && !f[0].equals("Z") && !f[0].equals("X") && f[2].equals(Long.toString(pgid));
    }

    private static boolean isPid(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
