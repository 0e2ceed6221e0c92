package dev.mosaic.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a tool approval stands (DESIGN.md §10). */
public enum ApprovalStatus {
    /** Claude Code waits for an answer. */
    PENDING("pending"),
    /** Answered through the hub (allow or deny), by the operator or the pane's lead; the first answer wins. */
    ANSWERED("answered"),
    /** Answered at the agent's own terminal: the pane's next hook showed the turn had moved on. */
    ANSWERED_IN_TERMINAL("answered_in_terminal");

    private final String wire;

    ApprovalStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static ApprovalStatus fromWire(String s) {
        for (ApprovalStatus a : values()) {
            if (a.wire.equals(s)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown approval status: " + s);
    }
}
