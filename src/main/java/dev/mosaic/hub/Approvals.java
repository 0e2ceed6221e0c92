package dev.mosaic.hub;

import dev.mosaic.model.AgentState;
import dev.mosaic.model.Approval;
import dev.mosaic.model.ApprovalAnswer;
import dev.mosaic.model.ApprovalStatus;
import dev.mosaic.model.Pane;
import dev.mosaic.model.Quote;
import dev.mosaic.model.Timestamps;
import dev.mosaic.model.ToolRequest;
import dev.mosaic.store.ApprovalRecorded;
import dev.mosaic.store.Store;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Tool approvals of the panes' agents (DESIGN.md §10) as the hooks tell them: a {@code PermissionRequest} records one
 * (merged with the relay's report of the same prompt, see {@link PermissionRequests}); the pane's next
 * {@code PostToolUse}, {@code Stop} or {@code UserPromptSubmit} shows a prompt still pending was answered in the
 * terminal, since Claude Code never says so itself.
 */
final class Approvals {
    private static final String REQUEST = "PermissionRequest";
    private static final Set<String> MOVED_ON = Set.of("PostToolUse", "Stop", "UserPromptSubmit");

    private final Store store;
    private final HubEvents events;

    Approvals(Store store, HubEvents events) {
        this.store = store;
        this.events = events;
    }

    /** Records or closes the pane's approvals as the hook says; other events change nothing here. */
    void hook(Pane pane, HookEvent event) {
        if (event.name().equals(REQUEST)) {
            Approval a = new Approval(UUID.randomUUID().toString(), pane.id(), pane.name(),
                    new ToolRequest(event.toolName().orElse("unknown"), event.inputPreview(), Optional.empty(),
                            Optional.empty()),
                    ApprovalStatus.PENDING, Timestamps.now(), ApprovalAnswer.NONE);
            ApprovalRecorded recorded = store.addHookApproval(a,
                    Timestamps.format(Instant.now().minus(PermissionRequests.MERGE_WINDOW)));
            if (recorded.changed()) {
                events.approval(recorded.approval());
            }
        } else if (MOVED_ON.contains(event.name())) {
            store.closePendingApprovals(pane.id(), ApprovalStatus.ANSWERED_IN_TERMINAL, Timestamps.now())
                    .forEach(events::approval);
        }
    }

    /**
     * Every approval, oldest first, or those with the status given ({@code ?status=pending}): the operator sees all,
     * a pane those of the panes it leads (403 when it leads none).
     */
    List<Approval> list(Caller caller, Optional<String> status) {
        Set<String> led = new HashSet<>();
        if (!caller.isOperator()) {
            led.addAll(store.panesLedBy(caller.id()));
            if (led.isEmpty()) {
                throw ApiError.forbidden("approvals are the operator's, and those of a pane's lead");
            }
        }
        Optional<ApprovalStatus> wanted;
        try {
            wanted = status.map(ApprovalStatus::fromWire);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("'status' must be pending, answered or answered_in_terminal, not "
                    + Quote.of(status.orElseThrow()));
        }
        List<Approval> all = store.approvals(wanted);
        return caller.isOperator() ? all : all.stream().filter(a -> led.contains(a.paneId())).toList();
    }

    /** Whether the pane's agent still has a prompt waiting (so it stays {@link AgentState#NEEDS_APPROVAL}). */
    boolean anyPending(String paneId) {
        return store.approvals(Optional.of(ApprovalStatus.PENDING)).stream().anyMatch(a -> a.paneId().equals(paneId));
    }
}
