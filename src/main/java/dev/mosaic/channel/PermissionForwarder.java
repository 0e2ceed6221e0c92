package dev.mosaic.channel;

import dev.mosaic.client.HubException;
import dev.mosaic.model.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The channel's half of the permission relay, inbound: each {@code notifications/claude/channel/permission_request}
 * from Claude Code goes to the hub ({@code POST /api/v1/panes/{id}/approvals}) as an approval of this pane. Off the
 * stdin thread, in order; a hub that cannot be reached is retried for a while (the hub takes the same
 * {@code request_id} again without a second approval). A request Claude Code sent malformed is logged and dropped:
 * its dialog stays open in the terminal either way.
 */
final class PermissionForwarder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PermissionForwarder.class);
    /** After this, the human answers in the terminal, which shows the same prompt. */
    private static final Duration KEEP_TRYING = Duration.ofSeconds(60);
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(5));
    private static final String[] FIELDS = {"request_id", "tool_name", "description", "input_preview"};

    private final HubLink hub;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mosaic-permission");
        t.setDaemon(true);
        return t;
    });

    PermissionForwarder(HubLink hub) {
        this.hub = hub;
    }

    /** Takes one request's params as Claude Code sent them. */
    void request(Object params) {
        if (!(params instanceof Map<?, ?> map) || !(map.get("request_id") instanceof String id) || id.isBlank()
                || !(map.get("tool_name") instanceof String tool) || tool.isBlank()) {
            LOG.warn("dropped a permission_request without a string request_id and tool_name");
            return;
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        for (String f : FIELDS) {
            if (map.get(f) instanceof String v) {
                body.put(f, v);
            }
        }
        try {
            sender.execute(() -> forward(id, body));
        } catch (RejectedExecutionException e) {
            LOG.warn("permission request {} not forwarded: the channel is closing", id);
        }
    }

    private void forward(String id, ObjectNode body) {
        long deadline = System.nanoTime() + KEEP_TRYING.toNanos();
        for (int failures = 1; ; failures++) {
            try {
                hub.client().relayApproval(body);
                LOG.info("permission request {} ({}) relayed to the hub", id, body.path("tool_name").asString());
                return;
            } catch (ToolError e) {
                LOG.warn("permission request {} not relayed: {}", id, e.getMessage());
            } catch (HubException e) {
                if (!e.unreachable() && e.status() < 500) {
                    LOG.warn("the hub refused permission request {}: {} ({})", id, e.getMessage(), e.code());
                    return;
                }
                hub.hubUnreachable(e);
            }
            if (System.nanoTime() > deadline) {
                LOG.warn("permission request {} could not reach the hub; it waits in the terminal", id);
                return;
            }
            try {
                Thread.sleep(BACKOFF.delay(failures, ThreadLocalRandom.current()::nextDouble));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
