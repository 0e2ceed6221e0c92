package dev.mosaic.hub;

import dev.mosaic.delivery.HttpPushClient;
import dev.mosaic.delivery.PushOutcome;
import dev.mosaic.model.Approval;
import dev.mosaic.model.Backoff;
import dev.mosaic.model.PermissionAnswer;
import dev.mosaic.model.RelayState;
import dev.mosaic.model.Timestamps;
import dev.mosaic.store.ChannelRegistration;
import dev.mosaic.store.Store;
import dev.mosaic.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Takes the answers to relayed approvals to the panes' channels, which write them to Claude Code. An answer is never
 * lost silently: it is kept ({@code relay_state: sending}) and retried with backoff while the pane lives, across hub
 * restarts too; the first failed try raises an {@code alert} ({@code approval_not_delivered}) so the operator can
 * answer in the terminal meanwhile; after {@link #GIVE_UP_AFTER}, or once the pane is gone, it is {@code failed}
 * (another alert). Retrying is harmless: the channel drops an approval id it already wrote, and Claude Code ignores
 * an answer to a prompt that is no longer open.
 */
final class AnswerRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AnswerRelay.class);
    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(10);

    private final Store store;
    private final HttpPushClient client;
    private final HubEvents events;
    private final Backoff backoff;
    private final Set<String> retrying = ConcurrentHashMap.newKeySet();
    /** Counted down once, on close: it ends every pause between retries at once. */
    private final CountDownLatch closing = new CountDownLatch(1);

    AnswerRelay(Store store, HttpPushClient client, HubEvents events, Backoff backoff) {
        this.store = store;
        this.client = client;
        this.events = events;
        this.backoff = backoff;
    }

    /** Resumes the answers a previous run had not delivered yet. */
    void start() {
        for (Approval a : store.approvalsBeingRelayed()) {
            retryLater(a);
        }
    }

    /** Tries once now; on failure keeps retrying in the background. Returns the approval as it stands after the try. */
    Approval deliver(Approval a) {
        Optional<Approval> settled = attempt(a);
        if (settled.isPresent()) {
            return settled.get();
        }
        alert("approval_not_delivered", a, "the answer to " + a.paneName() + "'s " + a.request().toolName()
                + " prompt has not reached its channel yet; the hub keeps retrying. If it does not arrive, answer in "
                + "the pane's terminal.");
        retryLater(a);
        return a;
    }

    /** One try: the approval as it stands when the answer was delivered or can never be; empty to retry later. */
    private Optional<Approval> attempt(Approval a) {
        try {
            if (store.pane(a.paneId()).filter(p -> p.isLive()).isEmpty()) {
                return Optional.of(fail(a, "its pane is gone"));
            }
            Optional<ChannelRegistration> channel = store.channel(a.paneId());
            if (channel.isEmpty()) {
                LOG.info("approval {}: pane {} has no channel registered; retrying", a.id(), a.paneId());
                return Optional.empty();
            }
            PushOutcome outcome = client.answer(channel.get(), new PermissionAnswer(a.id(),
                    a.request().requestId().orElseThrow(), a.answer().behavior().orElseThrow()));
            if (outcome != PushOutcome.DELIVERED) {
                LOG.info("approval {}: the channel of pane {} did not take the answer ({}); retrying", a.id(),
                        a.paneId(), outcome);
                return Optional.empty();
            }
            Approval delivered = store.setRelayState(a.id(), RelayState.DELIVERED).orElse(a);
            events.approval(delivered);
            return Optional.of(delivered);
        } catch (StoreUnavailableException e) {
            LOG.warn("approval {}: cannot record the relay: {}", a.id(), e.getMessage());
            return Optional.empty();
        }
    }

    private Approval fail(Approval a, String why) {
        Approval failed = store.setRelayState(a.id(), RelayState.FAILED).orElse(a);
        events.approval(failed);
        alert("approval_not_relayed", a, "the answer to " + a.paneName() + "'s " + a.request().toolName()
                + " prompt never reached Claude Code (" + why + "); answer in the pane's terminal if it still waits.");
        return failed;
    }

    private void retryLater(Approval a) {
        if (retrying.add(a.id())) {
            Thread.ofVirtual().name("approval-relay-" + a.id()).start(() -> {
                try {
                    retry(a);
                } catch (RuntimeException e) {
                    LOG.warn("approval {}: relay stopped: {}", a.id(), e.toString());
                } finally {
                    retrying.remove(a.id());
                }
            });
        }
    }

    private void retry(Approval a) {
        Instant giveUp = a.answer().answeredAt().map(Instant::parse).orElseGet(Instant::now).plus(GIVE_UP_AFTER);
        for (int failures = 1; ; failures++) {
            if (!pause(backoff.delay(failures, ThreadLocalRandom.current()::nextDouble))) {
                return; // closing: the answer stays 'sending' and the next start resumes it
            }
            if (Instant.now().isAfter(giveUp)) {
                fail(a, "its channel stayed unreachable for " + GIVE_UP_AFTER.toMinutes() + " minutes");
                return;
            }
            if (attempt(a).isPresent()) {
                return;
            }
        }
    }

    /** Waits; false when the relay closes meanwhile. */
    private boolean pause(Duration d) {
        try {
            return !closing.await(d.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void alert(String code, Approval a, String message) {
        events.alert(code, message, Map.of("approval_id", a.id(), "pane_id", a.paneId(), "pane_name", a.paneName()));
    }

    @Override
    public void close() {
        closing.countDown();
    }
}
