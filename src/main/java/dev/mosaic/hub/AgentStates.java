package dev.mosaic.hub;

import dev.mosaic.model.AgentState;
import dev.mosaic.model.Pane;
import dev.mosaic.model.Quote;
import dev.mosaic.model.Timestamps;
import dev.mosaic.store.AgentSession;
import dev.mosaic.store.Store;

import java.util.List;
import java.util.Optional;

/** The agent state of each pane, fed by its Claude Code hooks (DESIGN.md §10); a change is a {@code pane} event. */
final class AgentStates {
    /** What a report did: the pane's agent state after it, whether that changed, and the messages it marked seen. */
    record Outcome(AgentState agentState, boolean changed, List<String> seen) {
    }

    private final Store store;
    private final HubEvents events;
    private final Approvals approvals;
    private final SeenReceipts receipts;
    private final TranscriptWitness transcripts;

    AgentStates(Store store, HubEvents events, Approvals approvals, SeenReceipts receipts,
                TranscriptWitness transcripts) {
        this.store = store;
        this.events = events;
        this.approvals = approvals;
        this.receipts = receipts;
        this.transcripts = transcripts;
    }

    Outcome report(Caller caller, String paneId, HookEvent event) {
        Pane pane = store.pane(paneId).orElseThrow(() -> ApiError.notFound("no pane has the id " + Quote.of(paneId)));
        if (!caller.actsFor(paneId)) {
            throw ApiError.forbidden("a pane token reports only its own agent's events");
        }
        if (!pane.isLive()) {
            throw ApiError.notFound("the pane " + Quote.of(pane.name()) + " is " + pane.status().wire()
                    + ": it has no agent to report on");
        }
        Outcome outcome;
        // One report at a time: read, decide and write must not interleave with another hook of the same pane.
        synchronized (this) {
            Optional<AgentSession> current = store.agentSession(paneId);
            AgentState before = current.map(AgentSession::state).orElse(AgentState.UNKNOWN);
            boolean otherSession = current.filter(s -> !s.sessionId().equals(event.sessionId())).isPresent();
            // A session that is not the pane's latest (a `claude` started inside the pane, say) may tell what it
            // does, and the pane's own next hook corrects that; but it may not end the pane's session.
            Optional<AgentState> next = otherSession && event.name().equals(HookEvent.SESSION_END)
                    ? Optional.empty() : event.state();
            AgentState after = next.orElse(before);
            boolean changed = after != before;
            if (changed || current.isEmpty() || otherSession && next.isPresent()) {
                if (!store.putAgentSession(new AgentSession(paneId, event.sessionId(), after, Timestamps.now()))) {
                    throw ApiError.notFound("the pane " + Quote.of(pane.name()) + " was stopped meanwhile");
                }
            }
            outcome = new Outcome(after, changed, List.of());
            approvals.hook(pane, event);
        }
        transcripts.heard(paneId, event.sessionId(), event.transcriptPath());
        // After the state: the sweep of unseen pushes reads it, and a pane now working is not idle.
        List<String> seen = receipts.record(paneId, event.seenMessageIds());
        if (!seen.isEmpty()) {
            outcome = new Outcome(outcome.agentState(), outcome.changed(), seen);
        }
        if (outcome.changed()) {
            events.pane(paneId);
        }
        return outcome;
    }

    /**
     * What the permission relay tells without a hook: the agent waits for an approval, or (an answer through the hub
     * reached it) goes on working. A pane without hooks would otherwise never show either; with hooks, the next one
     * says the same or corrects it. {@code onlyFrom}, when given, is the state the pane must be in for the move.
     */
    void relayed(String paneId, AgentState state, Optional<AgentState> onlyFrom) {
        boolean changed;
        synchronized (this) {
            Optional<AgentSession> current = store.agentSession(paneId);
            AgentState before = current.map(AgentSession::state).orElse(AgentState.UNKNOWN);
            changed = before != state && onlyFrom.map(f -> f == before).orElse(true)
                    && store.putAgentSession(new AgentSession(paneId,
                            current.map(AgentSession::sessionId).orElse(""), state, Timestamps.now()));
        }
        if (changed) {
            events.pane(paneId);
        }
    }
}
