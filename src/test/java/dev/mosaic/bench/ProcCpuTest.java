package dev.mosaic.bench;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ProcCpuTest {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long BURN = TimeUnit.MILLISECONDS.toNanos(200);

    /** A live thread that has used at least {@link #BURN} of CPU, and waits until told to end. */
    private static Thread burner(String name, CountDownLatch end) throws InterruptedException {
        CountDownLatch burnt = new CountDownLatch(1);
        Thread t = Thread.ofPlatform().name(name).daemon().start(() -> {
            long x = 0;
            while (THREADS.getCurrentThreadCpuTime() < BURN) {
                x += Long.numberOfTrailingZeros(x + System.nanoTime());
            }
            burnt.countDown();
            try {
                end.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (x == 42) {
                System.out.print(""); // keeps the loop from being optimised away
            }
        });
        burnt.await();
        return t;
    }

    @Test
    void countsTheBenchsOwnThreadsApartFromTheCodeUnderTest() throws Exception {
        long pid = ProcessHandle.current().pid();
        CountDownLatch end = new CountDownLatch(1);
        ProcCpu before = ProcCpu.of(pid);
        burner(ProcCpu.BENCH_THREAD + "burn", end);
        burner("hub-like-burn", end);
        ProcCpu used = ProcCpu.of(pid).minus(before);
        end.countDown();

        // /proc counts in 10 ms ticks: the bench thread's 200 ms are there, the other thread's are not in its part.
        assertThat(used.benchNanos()).isBetween(BURN - 20_000_000, BURN + 60_000_000);
        assertThat(used.ownNanos()).isGreaterThanOrEqualTo(BURN - 20_000_000);
    }

    @Test
    void countsAThreadListedByIdAsTheBenchs() throws Exception {
        long pid = ProcessHandle.current().pid();
        CountDownLatch end = new CountDownLatch(1);
        Set<String> before = ProcCpu.threadIds("listed-");
        burner("listed-burn", end);
        Set<String> listed = new java.util.HashSet<>(ProcCpu.threadIds("listed-"));
        listed.removeAll(before);
        ProcCpu used = ProcCpu.of(pid, listed);
        end.countDown();

        assertThat(listed).hasSize(1);
        assertThat(used.benchNanos()).isGreaterThanOrEqualTo(BURN - 20_000_000);
        assertThat(ProcCpu.of(pid).benchNanos()).isLessThan(used.benchNanos());
    }
}
