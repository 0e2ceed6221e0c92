package dev.mosaic.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of a process from /proc (Linux), and the part of it its JIT compiler threads used: in a short bench run
 * the JIT's warm-up can outweigh the work measured, and the compiler's CPU says nothing about the code under test.
 *
 * @param totalNanos user + system time of the whole process, exited threads included
 * @param jitNanos   user + system time of the live threads named "C1 CompilerThread…" or "C2 CompilerThread…"
 */
record ProcCpu(long totalNanos, long jitNanos) {
    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux

    static ProcCpu of(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            long total = ticks(Files.readString(proc.resolve("stat")));
            long jit = 0;
            try (var tasks = Files.list(proc.resolve("task"))) {
                for (Path t : tasks.toList()) {
                    String stat;
                    try {
                        stat = Files.readString(t.resolve("stat"));
                    } catch (IOException ended) {
                        continue; // the thread ended meanwhile
                    }
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                        jit += ticks(stat);
                    }
                }
            }
            return new ProcCpu(total * NANOS_PER_TICK, jit * NANOS_PER_TICK);
        } catch (IOException e) {
            return new ProcCpu(-1, -1);
        }
    }

    /** utime + stime, fields 14 and 15 of a stat line, counted after the command's closing parenthesis. */
    private static long ticks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    ProcCpu minus(ProcCpu earlier) {
        return new ProcCpu(totalNanos - earlier.totalNanos, jitNanos - earlier.jitNanos);
    }

    ProcCpu plus(ProcCpu other) {
        return new ProcCpu(totalNanos + other.totalNanos, jitNanos + other.jitNanos);
    }

    long withoutJitNanos() {
        return totalNanos - jitNanos;
    }
}
