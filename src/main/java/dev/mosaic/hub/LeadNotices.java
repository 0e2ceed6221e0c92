package dev.mosaic.hub;

import dev.mosaic.model.Approval;
import dev.mosaic.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * Tells a pane's lead that an approval of that pane waits for it (DESIGN.md §10): a message from the operator, whose
 * standing order the lead acts on, naming the pane, the tool, the approval's id and how to answer. Sent once per
 * approval, when the relay made it answerable through the hub; a prompt known only from the hook can be answered in
 * the agent's terminal alone, so it is no lead's to answer. A notice that cannot be sent (the lead stopped meanwhile)
 * never fails the relay: the approval is listed all the same.
 */
final class LeadNotices {
    private static final Logger LOG = LoggerFactory.getLogger(LeadNotices.class);
    private static final Caller HUB = new Caller.Operator();

    private final Store store;
    private final Messages messages;

    LeadNotices(Store store, Messages messages) {
        this.store = store;
        this.messages = messages;
    }

    /** Sends the notice to the pane's lead, if it has one; at most once per approval (its id is the send's key). */
    void approvalWaiting(Approval a) {
        Optional<String> lead;
        try {
            lead = store.leadOf(a.paneId());
            if (lead.isEmpty()) {
                return;
            }
            messages.send(HUB, new SendRequest(List.of(lead.get()), text(a),
                    "approval waiting: " + a.paneName() + ", " + a.request().toolName(), null,
                    "approval-waiting-" + a.id()));
        } catch (RuntimeException e) {
            // An ApiError (the lead stopped meanwhile) or a store that cannot serve: logged, never the relay's failure.
            LOG.warn("pane {}: cannot tell its lead of approval {}: {}", a.paneId(), a.id(), e.getMessage());
        }
    }

    /** The notice: what waits, for whom, and the two ways a lead answers. */
    static String text(Approval a) {
        StringBuilder t = new StringBuilder();
        t.append(a.paneName()).append(" waits for an approval to run ").append(a.request().toolName())
                .append(". You are its lead: you may answer it.\n");
        t.append("approval: ").append(a.id()).append('\n');
        t.append("pane: ").append(a.paneName()).append(" (").append(a.paneId()).append(")\n");
        t.append("tool: ").append(a.request().toolName()).append('\n');
        a.request().requestId().ifPresent(r -> t.append("request_id: ").append(r).append('\n'));
        a.request().description().ifPresent(d -> t.append("description: ").append(d).append('\n'));
        t.append("input: ").append(a.request().inputPreview()).append('\n');
        t.append("Answer with `mosaic approve ").append(a.id()).append("` or `mosaic deny ").append(a.id())
                .append("` (your pane's MOSAIC_* environment is enough), or POST /api/v1/approvals/").append(a.id())
                .append(" {\"behavior\": \"allow\"} or {\"behavior\": \"deny\"} with your pane token. The first answer"
                        + " wins: if the operator or the terminal answered first, yours gets 409 already_answered.");
        return t.toString();
    }
}
