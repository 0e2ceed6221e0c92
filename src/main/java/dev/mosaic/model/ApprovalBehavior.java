package dev.mosaic.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** The answer to a tool approval, in Claude Code's words ({@code notifications/claude/channel/permission}). */
public enum ApprovalBehavior {
    ALLOW("allow"),
    DENY("deny");

    private final String wire;

    ApprovalBehavior(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static ApprovalBehavior fromWire(String s) {
        for (ApprovalBehavior b : values()) {
            if (b.wire.equals(s)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown behavior: " + s);
    }
}
