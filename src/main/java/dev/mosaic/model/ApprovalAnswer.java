package dev.mosaic.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Optional;

/**
 * How an approval was answered, kept as its audit trail: when; and for an answer through the hub, which behavior,
 * who gave it (the operator or the pane's lead) and how far it got on its way to the pane's channel. All absent
 * while the approval is pending; only {@code answered_at} for one answered in the terminal.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record ApprovalAnswer(Optional<String> answeredAt, Optional<ApprovalBehavior> behavior,
                            Optional<String> answeredById, Optional<String> answeredBy,
                            Optional<RelayState> relayState) {

    /** Not answered yet. */
    public static final ApprovalAnswer NONE = new ApprovalAnswer(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());
}
