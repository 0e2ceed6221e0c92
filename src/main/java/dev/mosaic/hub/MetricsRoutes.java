package dev.mosaic.hub;

import dev.mosaic.model.Delivery;
import dev.mosaic.model.PaneStatus;
import dev.mosaic.model.PaneView;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code GET /metrics} (DESIGN.md §6): the hub's meters in the Prometheus text format, for the operator (token or
 * browser session) only, since they name no pane but still tell what the workstation does. Also counts every HTTP
 * request by method, route and status. Pane counts are read from the store when scraped, not kept up to date.
 */
final class MetricsRoutes {
    /** Prometheus text exposition format 0.0.4, which {@link PrometheusMeterRegistry#scrape()} writes. */
    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final Authenticator auth;
    private final PaneViews views;
    // Gauges hold their state weakly: these fields keep it.
    private final Map<PaneStatus, AtomicLong> byStatus = new EnumMap<>(PaneStatus.class);
    private final Map<Delivery, AtomicLong> byDelivery = new EnumMap<>(Delivery.class);
    private final AtomicLong unread = new AtomicLong();
    private final ReentrantLock scraping = new ReentrantLock(); // one refresh and scrape at a time
    private final Map<RequestKind, Counter> requestCounters = new ConcurrentHashMap<>();

    MetricsRoutes(PrometheusMeterRegistry registry, Authenticator auth, PaneViews views, EventBus bus) {
        this.registry = registry;
        this.auth = auth;
        this.views = views;
        for (PaneStatus s : PaneStatus.values()) {
            byStatus.put(s, registry.gauge("mosaic.panes", Tags.of("status", s.wire()), new AtomicLong()));
        }
        for (Delivery d : Delivery.values()) {
            byDelivery.put(d, registry.gauge("mosaic.panes.delivery", Tags.of("delivery", d.wire()),
                    new AtomicLong()));
        }
        registry.gauge("mosaic.messages.unread", unread);
        Gauge.builder("mosaic.event.subscribers", bus, EventBus::subscriberCount)
                .description("Open event streams (GET /api/v1/events)")
                .register(registry);
    }

    /** Installs the route and the request count; call before the web page's catch-all GET. */
    void install(RoutesConfig r) {
        r.get("/metrics", this::metrics);
        r.after(this::count);
    }

    private void metrics(Context ctx) {
        if (!auth.authenticate(ctx).isOperator()) {
            throw ApiError.forbidden("the metrics are the operator's");
        }
        String text;
        scraping.lock();
        try {
            refreshPaneCounts();
            text = registry.scrape();
        } finally {
            scraping.unlock();
        }
        ctx.status(200).contentType(TEXT_FORMAT).header("Cache-Control", "no-store").result(text);
    }

    private void refreshPaneCounts() {
        Map<PaneStatus, Long> status = new EnumMap<>(PaneStatus.class);
        Map<Delivery, Long> delivery = new EnumMap<>(Delivery.class);
        long unreadNow = 0;
        for (PaneView p : views.all()) {
            status.merge(p.status(), 1L, Long::sum);
            delivery.merge(p.delivery(), 1L, Long::sum);
            unreadNow += p.unread();
        }
        byStatus.forEach((s, n) -> n.set(status.getOrDefault(s, 0L)));
        byDelivery.forEach((d, n) -> n.set(delivery.getOrDefault(d, 0L)));
        unread.set(unreadNow);
    }

    /** Counts a finished request under its route's pattern (never the raw path: ids would make endless series). */
    private void count(Context ctx) {
        Endpoint matched = ctx.endpoints().lastHttpEndpoint();
        RequestKind kind = new RequestKind(ctx.method().name(), matched == null ? "unmatched" : matched.path,
                ctx.statusCode());
        // Kept per kind: building and registering the counter on every request cost 1 % of a busy hub's CPU.
        requestCounters.computeIfAbsent(kind, k -> Counter.builder("mosaic.http.requests")
                .description("HTTP requests answered, by method, route pattern and status")
                .tag("method", k.method())
                .tag("route", k.route())
                .tag("status", Integer.toString(k.status()))
                .register(registry)).increment();
    }

    /** What a request is counted under. */
    private record RequestKind(String method, String route, int status) {
    }
}
