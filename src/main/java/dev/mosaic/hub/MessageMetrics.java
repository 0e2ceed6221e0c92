package dev.mosaic.hub;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** What sending and reading count (DESIGN.md §6): messages sent, polled and read, polls, and the send call's time. */
final class MessageMetrics {
    private final Counter sent;
    private final Counter polls;
    private final Counter polled;
    private final Counter acked;
    private final Timer sendLatency;

    MessageMetrics(MeterRegistry meters) {
        sent = Counter.builder("mosaic.messages.sent")
                .description("Messages stored by sends (one per recipient; a replayed idempotent send adds none)")
                .register(meters);
        polls = Counter.builder("mosaic.polls")
                .description("Inbox requests (GET /api/v1/panes/{id}/inbox), long polls and peeks included")
                .register(meters);
        polled = Counter.builder("mosaic.messages.polled")
                .description("Messages delivered by an inbox poll")
                .register(meters);
        acked = Counter.builder("mosaic.messages.acked")
                .description("Messages marked read by their recipient's ack")
                .register(meters);
        sendLatency = Timer.builder("mosaic.send.latency")
                .description("A send inside the hub: checks, the durable commit, and handing it to push and polls")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(meters);
    }

    void sent(int messages, long startedNanos) {
        sent.increment(messages);
        sendLatency.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }

    void polled(int messages) {
        polls.increment();
        polled.increment(messages);
    }

    void acked() {
        acked.increment();
    }
}
