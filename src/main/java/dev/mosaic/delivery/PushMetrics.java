package dev.mosaic.delivery;

import dev.mosaic.model.Message;
import dev.mosaic.model.Timestamps;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** What push delivery counts (DESIGN.md §6): pushes by outcome, redeliveries, and send → channel 2xx latency. */
public final class PushMetrics {
    private final Map<PushOutcome, Counter> pushes = new EnumMap<>(PushOutcome.class);
    private final Counter redeliveries;
    private final Timer latency;
    private final Clock clock;

    /** @param clock the clock that stamps messages' created_at (the hub's), so the latency is measured on it */
    public PushMetrics(MeterRegistry meters, Clock clock) {
        this.clock = clock;
        for (PushOutcome o : PushOutcome.values()) {
            pushes.put(o, Counter.builder("mosaic.pushes")
                    .description("POSTs to channels, by what they told of the message")
                    .tag("outcome", o.name().toLowerCase(Locale.ROOT))
                    .register(meters));
        }
        redeliveries = Counter.builder("mosaic.redeliveries")
                .description("Messages queued again marked redelivered: a push that may have been shown, a stale "
                        + "claim, or a claim left by a previous hub")
                .register(meters);
        latency = Timer.builder("mosaic.push.latency")
                .description("From a message's send (created_at, millisecond precision) to its channel's proven 2xx")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(meters);
    }

    /** Meters that record nothing, for a pusher made without a registry (tests). */
    public static PushMetrics none() {
        return new PushMetrics(new CompositeMeterRegistry(), Clock.systemUTC());
    }

    void pushed(Message m, PushOutcome outcome) {
        pushes.get(outcome).increment();
        if (outcome == PushOutcome.DELIVERED) {
            // Not a time at all (no hub writes one): nothing to measure.
            Timestamps.parse(m.createdAt()).ifPresent(sent -> {
                Duration d = Duration.between(sent, clock.instant());
                latency.record(d.isNegative() ? Duration.ZERO : d);
            });
        }
    }

    void redelivered(int messages) {
        redeliveries.increment(messages);
    }
}
