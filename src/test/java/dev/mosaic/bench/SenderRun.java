package dev.mosaic.bench;

import dev.mosaic.testing.ApiClient;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The senders of a throughput phase: each posts its share round robin to the recipients, as fast as it can, timing
 * every send call and counting its own CPU; the run then waits, two minutes at most, for the receivers to count all.
 */
final class SenderRun {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Each send call's latency, the senders' CPU, and the seconds from the first send to the last receipt. */
    record Result(long[] sendNanos, long senderCpuNanos, double seconds) {
        Latencies sends() {
            return Latencies.of(sendNanos, sendNanos.length);
        }
    }

    private SenderRun() {
    }

    /**
     * @param senderTokens one sender per token, each sending {@code each} messages
     * @param recipients   the recipients' names; sender s sends its i-th message to recipient (s + i) mod their number
     * @param received     the ids the receivers have counted so far, filled by other threads
     */
    static Result run(ApiClient api, List<String> senderTokens, int each, List<String> recipients,
                      Set<String> received) throws Exception {
        long[] sendNanos = new long[each * senderTokens.size()];
        AtomicLong senderCpu = new AtomicLong();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(senderTokens.size())) {
            List<Future<?>> sending = new ArrayList<>();
            for (int s = 0; s < senderTokens.size(); s++) {
                int slot = s;
                sending.add(pool.submit(() -> {
                    long cpu0 = THREADS.getCurrentThreadCpuTime();
                    for (int i = 0; i < each; i++) {
                        long t0 = System.nanoTime();
                        ApiClient.Answer a = api.post(senderTokens.get(slot), "/api/v1/messages", "{\"to\":\""
                                + recipients.get((slot + i) % recipients.size()) + "\",\"text\":\"throughput " + i
                                + "\"}");
                        sendNanos[slot * each + i] = System.nanoTime() - t0;
                        if (a.status() != 201) {
                            throw new IllegalStateException("send: " + a);
                        }
                    }
                    senderCpu.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu0);
                    return null;
                }));
            }
            for (Future<?> f : sending) {
                f.get();
            }
        }
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (received.size() < sendNanos.length && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        return new Result(sendNanos, senderCpu.get(), (System.nanoTime() - start) / 1e9);
    }
}
