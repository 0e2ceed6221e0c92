package dev.mosaic.hub;

import dev.mosaic.model.AgentState;
import dev.mosaic.model.Approval;
import dev.mosaic.model.ApprovalBehavior;
import dev.mosaic.model.ApprovalStatus;
import dev.mosaic.model.Quote;
import dev.mosaic.model.Timestamps;
import dev.mosaic.store.ApprovalAnswered;
import dev.mosaic.store.Store;

import java.util.Optional;

/**
 * {@code POST /api/v1/approvals/{id} {"behavior": "allow" | "deny"}} (DESIGN.md §10): by the operator, or by the pane
 * the operator named as that pane's lead. The first answer wins, in the terminal or here; the answer is kept (who,
 * when, which) and sent on to the pane's channel by the {@link AnswerRelay}.
 */
final class ApprovalAnswers {
    private final Store store;
    private final HubEvents events;
    private final AgentStates agents;
    private final Approvals approvals;
    private final AnswerRelay relay;

    ApprovalAnswers(Store store, HubEvents events, AgentStates agents, Approvals approvals, AnswerRelay relay) {
        this.store = store;
        this.events = events;
        this.agents = agents;
        this.approvals = approvals;
        this.relay = relay;
    }

    /** Answers the approval; returns it as it stands after the first try to hand the answer to the channel. */
    Approval answer(Caller caller, String id, JsonBody body) {
        String raw = body.requiredString("behavior");
        ApprovalBehavior behavior;
        try {
            behavior = ApprovalBehavior.fromWire(raw);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("'behavior' must be \"allow\" or \"deny\", not " + Quote.of(raw));
        }
        Approval a = store.approval(id).orElseThrow(() -> ApiError.notFound("no approval has the id " + Quote.of(id)));
        if (!caller.isOperator() && !store.leadOf(a.paneId()).filter(caller.id()::equals).isPresent()) {
            throw ApiError.forbidden("only the operator, or the pane the operator named as " + Quote.of(a.paneName())
                    + "'s lead, answers its approvals");
        }
        if (a.status() != ApprovalStatus.PENDING) {
            throw alreadyAnswered(a);
        }
        if (!a.relayed()) {
            throw new ApiError(409, "not_relayed", "Claude Code did not relay this prompt (no permission relay in "
                    + "that session): answer it in the terminal of " + Quote.of(a.paneName()));
        }
        Approval answered = store.answerApproval(new ApprovalAnswered(a.id(), behavior, caller.id(), caller.name(),
                Timestamps.now())).orElseThrow(() -> alreadyAnswered(store.approval(id).orElse(a)));
        events.approval(answered);
        if (!approvals.anyPending(answered.paneId())) {
            // Allowed, the tool runs; denied, the model's turn goes on (shared/CLAUDE-CODE.md).
            agents.relayed(answered.paneId(), AgentState.WORKING, Optional.of(AgentState.NEEDS_APPROVAL));
        }
        return relay.deliver(answered);
    }

    private static ApiError alreadyAnswered(Approval a) {
        String how = a.status() == ApprovalStatus.ANSWERED_IN_TERMINAL ? "in the terminal"
                : a.answer().behavior().map(b -> "with " + b.wire()).orElse("") + a.answer().answeredBy()
                        .map(by -> " by " + by).orElse("");
        return new ApiError(409, "already_answered", "approval " + Quote.of(a.id()) + " was already answered "
                + how + "; the first answer wins");
    }
}
