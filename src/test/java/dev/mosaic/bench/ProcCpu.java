package dev.mosaic.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * CPU time of a process from /proc (Linux), and the parts of it its JIT compiler threads and the bench's own threads
 * used: in a short bench run the JIT's warm-up can outweigh the work measured, and neither the compiler's CPU nor the
 * bench's says anything about the code under test.
 *
 * @param totalNanos user + system time of the whole process, exited threads included
 * @param jitNanos   user + system time of the live threads named "C1 CompilerThread…" or "C2 CompilerThread…"
 * @param benchNanos user + system time of the live threads named "bench-…", or listed as the bench's by thread id
 */
record ProcCpu(long totalNanos, long jitNanos, long benchNanos) {
    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux
    /** The name prefix of threads the bench starts in the hub's JVM, so the hub's CPU can be told from them. */
    static final String BENCH_THREAD = "bench-";

    static final ProcCpu NONE = new ProcCpu(0, 0, 0);

    static ProcCpu of(long pid) {
        return of(pid, Set.of());
    }

    /** @param benchThreads ids of threads that are the bench's though not named so (a JDK HTTP client's selector) */
    static ProcCpu of(long pid, Set<String> benchThreads) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            long total = ticks(Files.readString(proc.resolve("stat")));
            long jit = 0;
            long bench = 0;
            try (var tasks = Files.list(proc.resolve("task"))) {
                for (Path t : tasks.toList()) {
                    String stat;
                    try {
                        stat = Files.readString(t.resolve("stat"));
                    } catch (IOException ended) {
                        continue; // the thread ended meanwhile
                    }
                    String comm = comm(stat);
                    if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                        jit += ticks(stat);
                    } else if (comm.startsWith(BENCH_THREAD) || benchThreads.contains(t.getFileName().toString())) {
                        bench += ticks(stat);
                    }
                }
            }
            return new ProcCpu(total * NANOS_PER_TICK, jit * NANOS_PER_TICK, bench * NANOS_PER_TICK);
        } catch (IOException e) {
            return new ProcCpu(-1, -1, -1);
        }
    }

    /** Ids of this process's live threads whose name (as the kernel keeps it: 15 bytes) starts with {@code prefix}. */
    static Set<String> threadIds(String prefix) {
        Set<String> ids = new HashSet<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    if (comm(Files.readString(t.resolve("stat"))).startsWith(prefix)) {
                        ids.add(t.getFileName().toString());
                    }
                } catch (IOException ended) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return Set.of();
        }
        return ids;
    }

    private static String comm(String stat) {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }

    /** utime + stime, fields 14 and 15 of a stat line, counted after the command's closing parenthesis. */
    private static long ticks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    ProcCpu minus(ProcCpu earlier) {
        return new ProcCpu(totalNanos - earlier.totalNanos, jitNanos - earlier.jitNanos,
                benchNanos - earlier.benchNanos);
    }

    ProcCpu plus(ProcCpu other) {
        return new ProcCpu(totalNanos + other.totalNanos, jitNanos + other.jitNanos, benchNanos + other.benchNanos);
    }

    long withoutJitNanos() {
        return totalNanos - jitNanos;
    }

    /** What is left for the code under test: neither its JIT nor the bench's threads. */
    long ownNanos() {
        return totalNanos - jitNanos - benchNanos;
    }
}
