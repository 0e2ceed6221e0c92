package dev.mosaic.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds, summarised as percentiles in milliseconds. */
record Latencies(long[] nanos) {
    static Latencies of(long[] samples, int count) {
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        return new Latencies(sorted);
    }

    double percentile(double p) {
        int i = (int) Math.min(nanos.length - 1, Math.ceil(nanos.length * p / 100.0) - 1);
        return nanos[Math.max(0, i)] / 1e6;
    }

    double max() {
        return nanos[nanos.length - 1] / 1e6;
    }

    int count() {
        return nanos.length;
    }

    /** "p50 / p90 / p99 / max" in ms. */
    String row() {
        return String.format("%.2f / %.2f / %.2f / %.1f", percentile(50), percentile(90), percentile(99), max());
    }
}
