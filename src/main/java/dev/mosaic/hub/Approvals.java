package dev.mosaic.hub;

import dev.mosaic.model.Approval;
import dev.mosaic.model.ApprovalStatus;
import dev.mosaic.model.Pane;
import dev.mosaic.model.Quote;
import dev.mosaic.model.Timestamps;
import dev.mosaic.store.Store;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Tool approvals of the panes' agents (DESIGN.md §10), as far as the hooks tell them: a {@code PermissionRequest}
 * records one ({@code relayed: false}); the pane's next {@code PostToolUse}, {@code Stop} or {@code UserPromptSubmit}
 * shows the prompt was answered in the terminal, since Claude Code never says so itself.
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
                    event.toolName().orElse("unknown"), event.inputPreview(), ApprovalStatus.PENDING, false,
                    Timestamps.now(), Optional.empty());
            store.addApproval(a);
            events.approval(a);
        } else if (MOVED_ON.contains(event.name())) {
            store.closePendingApprovals(pane.id(), ApprovalStatus.ANSWERED_IN_TERMINAL, Timestamps.now())
                    .forEach(events::approval);
        }
    }

    /** Every approval, oldest first, or those with the status given ({@code ?status=pending}); the operator's. */
    List<Approval> list(Caller caller, Optional<String> status) {
        if (!caller.isOperator()) {
            throw ApiError.forbidden("approvals are the operator's");
        }
        Optional<ApprovalStatus> wanted;
        try {
            wanted = status.map(ApprovalStatus::fromWire);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("'status' must be pending or answered_in_terminal, not "
                    + Quote.of(status.orElseThrow()));
        }
        return store.approvals(wanted);
    }
}
