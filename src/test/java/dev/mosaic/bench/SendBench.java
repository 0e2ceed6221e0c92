package dev.mosaic.bench;

import dev.mosaic.hub.Hub;
import dev.mosaic.hub.HubConfig;
import dev.mosaic.testing.ApiClient;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A quick local figure for the send path (HTTP → validate → one SQLite transaction → 201): sends/s and latency
 * percentiles at 1 and at N concurrent senders. Not a test; run with bench/send.sh.
 */
public final class SendBench {
    public static void main(String[] args) throws Exception {
        int sends = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        Path home = ScratchDir.deletedAtExit("mosaic-bench");
        try (Hub hub = Hub.start(HubConfig.defaults(home).withPort(0).withSendRate(1_000_000, 1_000_000))) {
            ApiClient api = new ApiClient(hub.url());
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                tokens.add(api.post(hub.operatorToken(), "/api/v1/panes", "{\"name\":\"s" + i + "\"}")
                        .json().path("token").asString());
            }
            api.post(hub.operatorToken(), "/api/v1/panes", "{\"name\":\"sink\"}");
            run("warm-up", api, tokens.subList(0, 1), 500);
            run("1 sender", api, tokens.subList(0, 1), sends);
            run(concurrency + " senders", api, tokens, sends);
        }
    }

    private static void run(String label, ApiClient api, List<String> tokens, int total) throws Exception {
        int each = total / tokens.size();
        long[] latencies = new long[each * tokens.size()];
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(tokens.size())) {
            List<Future<?>> f = new ArrayList<>();
            for (int t = 0; t < tokens.size(); t++) {
                int slot = t;
                f.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        long t0 = System.nanoTime();
                        int status = api.post(tokens.get(slot), "/api/v1/messages",
                                "{\"to\":\"sink\",\"text\":\"benchmark message " + i + "\"}").status();
                        latencies[slot * each + i] = System.nanoTime() - t0;
                        if (status != 201) {
                            throw new IllegalStateException("send failed: " + status);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> x : f) {
                x.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        System.out.printf("%-12s %6d sends  %8.0f sends/s  p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms%n", label,
                latencies.length, latencies.length / seconds, pct(latencies, 50), pct(latencies, 99),
                latencies[latencies.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e6;
    }
}
