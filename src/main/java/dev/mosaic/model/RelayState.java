package dev.mosaic.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where an approval's answer stands on its way to the pane's channel (and so to Claude Code). */
public enum RelayState {
    /** Not yet taken by the channel: the hub keeps retrying. */
    SENDING("sending"),
    /** The channel proved it wrote the answer to Claude Code. */
    DELIVERED("delivered"),
    /** The hub gave up (the pane is gone, or its channel stayed unreachable): the operator was alerted. */
    FAILED("failed");

    private final String wire;

    RelayState(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static RelayState fromWire(String s) {
        for (RelayState r : values()) {
            if (r.wire.equals(s)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown relay state: " + s);
    }
}
