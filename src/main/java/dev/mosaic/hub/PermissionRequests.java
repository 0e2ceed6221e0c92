package dev.mosaic.hub;

import dev.mosaic.model.AgentState;
import dev.mosaic.model.Pane;
import dev.mosaic.model.Quote;
import dev.mosaic.model.Timestamps;
import dev.mosaic.model.ToolRequest;
import dev.mosaic.store.ApprovalRecorded;
import dev.mosaic.store.RelayedRequest;
import dev.mosaic.store.Store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The permission relay's way in (DESIGN.md §10): a pane's channel forwards Claude Code's
 * {@code notifications/claude/channel/permission_request} to {@code POST /api/v1/panes/{id}/approvals}, and it
 * becomes an approval of that pane that the operator (or the pane's lead) can answer. The {@code PermissionRequest}
 * hook reports the same prompt at the same moment without the relay's {@code request_id}: the two are merged (see
 * {@link dev.mosaic.store.Store#addRelayedApproval}).
 */
final class PermissionRequests {
    /** Claude Code's ids are five letters; this leaves room for other forms without letting anything in. */
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int MAX_TOOL_NAME = 256;
    /** A channel that retries a forward does so within seconds; an id seen again after this is a new prompt. */
    static final Duration SAME_REQUEST_WINDOW = Duration.ofMinutes(10);
    /**
     * The hook and the relay of one prompt arrive in the same moment (the hook gives up after 2 s); an older pending
     * approval of the same tool is a prompt interrupted with Esc, which no hook closed yet, and must not take the new
     * prompt's request_id.
     */
    static final Duration MERGE_WINDOW = Duration.ofSeconds(60);

    private final Store store;
    private final HubEvents events;
    private final AgentStates agents;
    private final LeadNotices leadNotices;

    PermissionRequests(Store store, HubEvents events, AgentStates agents, LeadNotices leadNotices) {
        this.store = store;
        this.events = events;
        this.agents = agents;
        this.leadNotices = leadNotices;
    }

    /** Stores the pane's relayed request; {@code changed} is false for a retry of one already stored. */
    ApprovalRecorded relayed(Caller caller, String paneId, JsonBody body) {
        Pane pane = store.pane(paneId).orElseThrow(() -> ApiError.notFound("no pane has the id " + Quote.of(paneId)));
        if (caller.isOperator() || !caller.id().equals(paneId)) {
            throw ApiError.forbidden("only the pane itself relays its agent's permission requests, with its own token");
        }
        if (!pane.isLive()) {
            throw ApiError.notFound("the pane " + Quote.of(pane.name()) + " is " + pane.status().wire()
                    + ": it has no agent to ask");
        }
        String requestId = body.requiredString("request_id");
        if (!REQUEST_ID.matcher(requestId).matches()) {
            throw ApiError.badRequest("'request_id' must be 1 to 64 letters, digits, '-' or '_', not "
                    + Quote.of(requestId));
        }
        String tool = body.requiredString("tool_name");
        if (tool.isBlank() || tool.length() > MAX_TOOL_NAME) {
            throw ApiError.badRequest("'tool_name' must have 1 to " + MAX_TOOL_NAME + " characters");
        }
        ToolRequest request = new ToolRequest(tool,
                HookEvent.preview(Optional.ofNullable(body.optionalString("input_preview")).orElse("")),
                Optional.ofNullable(body.optionalString("description")).map(HookEvent::preview),
                Optional.of(requestId));
        ApprovalRecorded recorded = store.addRelayedApproval(new RelayedRequest(UUID.randomUUID().toString(),
                pane.id(), pane.name(), request, Timestamps.now(),
                Timestamps.format(Instant.now().minus(SAME_REQUEST_WINDOW)),
                Timestamps.format(Instant.now().minus(MERGE_WINDOW))));
        if (recorded.changed()) {
            events.approval(recorded.approval());
            agents.relayed(pane.id(), AgentState.NEEDS_APPROVAL, Optional.empty());
            // Now the hub can answer it, so the pane's lead can: tell it (once: a retry changes nothing).
            leadNotices.approvalWaiting(recorded.approval());
        }
        return recorded;
    }
}
