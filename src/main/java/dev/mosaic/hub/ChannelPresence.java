package dev.mosaic.hub;

import dev.mosaic.store.StoreUnavailableException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/v1/panes/{id}/channel/presence?port=N} (DESIGN §4): a channel holds this stream open for as long as
 * it lives, instead of a health check every 5 s. Its pane's lease stays fresh while the stream is open and lapses the
 * moment it closes; the channel sees the hub go away the same moment. A comment every {@link #BEAT} lets both sides
 * tell a silent peer from a dead one: a write to a dead channel fails, and a channel that hears nothing for four
 * beats reconnects.
 */
final class ChannelPresence implements AutoCloseable {
    static final Duration BEAT = Duration.ofSeconds(5);
    /**
     * A beat is two writes this far apart. The first write after a dead channel's FIN still succeeds (the socket is
     * only half closed until the peer's kernel answers it with an RST); only a later write fails. With one write per
     * beat a killed channel was found a beat late: 10 s, not 5 (measured, `CrossHubPanesTest`).
     */
    private static final Duration PROBE_AFTER = Duration.ofMillis(200);
    private static final String PANE = "presence-pane";

    private final Panes panes;
    private final ChannelLeases leases;
    private final Duration beat;
    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "channel-presence");
        t.setDaemon(true);
        return t;
    });

    ChannelPresence(Panes panes, ChannelLeases leases, Duration beat) {
        this.panes = panes;
        this.leases = leases;
        this.beat = beat;
    }

    void install(RoutesConfig r) {
        String path = "/api/v1/panes/{id}/channel/presence";
        // Checked before the stream opens, so a refusal is a plain 4xx with {"error","code"}.
        r.before(path, ctx -> {
            String accept = ctx.header("Accept");
            if (accept == null || !accept.contains("text/event-stream")) {
                throw ApiError.badRequest("the presence stream is Server-Sent Events: send 'Accept: text/event-stream'");
            }
            ctx.attribute(PANE, panes.presenceOf(HttpApi.caller(ctx), ctx.pathParam("id"), port(ctx)));
        });
        r.sse(path, this::hold);
    }

    private void hold(SseClient client) {
        String paneId = client.ctx().attribute(PANE);
        leases.hold(paneId);
        ScheduledFuture<?> beating = beats.scheduleWithFixedDelay(() -> beat(client, paneId),
                beat.toMillis(), beat.toMillis(), TimeUnit.MILLISECONDS);
        client.onClose(() -> {
            beating.cancel(false);
            leases.release(paneId);
        });
        client.sendComment("mosaic presence");
        client.keepAlive();
    }

    /**
     * A beat, unless the pane lost its registration meanwhile (the pusher dropped it after its pushes failed, or it
     * was withdrawn): then the stream ends, and the channel, alive and holding it, registers again at once instead
     * of waiting on a poll that never comes. A registration replaced by another port keeps its stream: that channel
     * stays replaced.
     */
    private void beat(SseClient client, String paneId) {
        try {
            if (!panes.hasChannel(paneId)) {
                client.close();
                return;
            }
        } catch (StoreUnavailableException e) {
            // the store is away for a moment: keep the stream, the next beat asks again
        }
        client.sendComment("beat");
        try {
            beats.schedule(() -> {
                if (!client.terminated()) {
                    client.sendComment("probe");
                }
            }, PROBE_AFTER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the hub is stopping: its streams close with it
        }
    }

    private static int port(Context ctx) {
        String v = ctx.queryParam("port");
        try {
            int port = Integer.parseInt(v == null ? "" : v);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiError.badRequest("'port' must be the channel's push port, an integer from 1 to 65535");
    }

    @Override
    public void close() {
        beats.shutdownNow();
    }
}
