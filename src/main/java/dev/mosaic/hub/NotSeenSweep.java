package dev.mosaic.hub;

import dev.mosaic.delivery.Pusher;
import dev.mosaic.delivery.RepeatingTask;
import dev.mosaic.delivery.SeenPolicy;
import dev.mosaic.model.Message;
import dev.mosaic.model.Timestamps;
import dev.mosaic.store.Store;
import dev.mosaic.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pushes the agent never saw (DESIGN.md §10): a jittered sweep returns to the queue, marked redelivered, each message
 * pushed to a pane whose agent idled through {@link SeenPolicy#notSeenAfter} without a seen receipt; it raises an
 * {@code alert} {@code not_seen} for each and marks the pane's registration down until a later push is seen. Panes
 * whose agent state is unknown (no hooks: not Claude Code) are never touched. Each pass first reads the panes'
 * session transcripts ({@link TranscriptWitness}), the second witness of seen. The store's guarded statement decides
 * a race with a receipt: whichever commits first wins, never both.
 */
final class NotSeenSweep implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotSeenSweep.class);

    private final Store store;
    private final Pusher pusher;
    private final HubEvents events;
    private final SeenPolicy policy;
    private final Clock clock;
    private final TranscriptWitness transcripts;
    private final RepeatingTask task;

    NotSeenSweep(Store store, Pusher pusher, HubEvents events, SeenPolicy policy, Clock clock,
                 TranscriptWitness transcripts) {
        this.transcripts = transcripts;
        this.store = store;
        this.pusher = pusher;
        this.events = events;
        this.policy = policy;
        this.clock = clock;
        this.task = RepeatingTask.jittered("not-seen-sweep", policy.every(), this::sweepLogged);
    }

    void start() {
        task.start();
    }

    private void sweepLogged() {
        try {
            sweep();
        } catch (StoreUnavailableException e) {
            LOG.warn("cannot sweep unseen pushes: {}", e.getMessage());
        }
    }

    /** One pass: returns the unseen pushes to the queue and tells everyone; the messages it returned. */
    List<Message> sweep() {
        // The second witness first: a message the transcript shows taken in is seen, not sent again.
        transcripts.read();
        List<Message> requeued = store.requeueUnseen(Timestamps.format(clock.instant().minus(policy.notSeenAfter())));
        Set<String> panes = new LinkedHashSet<>();
        for (Message m : requeued) {
            LOG.warn("pane {}: message {} was pushed but not seen in {} while the agent was idle; queued again, "
                    + "marked redelivered", m.toId(), m.id(), policy.notSeenAfter());
            events.alert("not_seen", "a pushed message was not seen by the idle agent of " + m.toName()
                    + " within " + policy.notSeenAfter().toSeconds() + " s; it waits in the inbox, and the pane is on "
                    + "poll until a later push is seen", Map.of("pane_id", m.toId(), "pane_name", m.toName(),
                    "message_id", m.id(), "thread_id", m.threadId()));
            events.unseen(m);
            events.requeued(m); // wakes long polls: it is theirs now
            panes.add(m.toId());
        }
        panes.forEach(pusher::notSeen);
        return requeued;
    }

    @Override
    public void close() {
        task.close();
    }
}
