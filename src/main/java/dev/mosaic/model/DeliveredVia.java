package dev.mosaic.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a message reached its recipient. */
public enum DeliveredVia {
    PUSH("push"),
    /** Through Claude Code's messaging socket, by the channel, after pushes to the pane were not seen (DESIGN §10). */
    SOCKET("socket"),
    POLL("poll");

    private final String wire;

    DeliveredVia(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static DeliveredVia fromWire(String s) {
        if (s == null) {
            return null;
        }
        return switch (s) {
            case "push" -> PUSH;
            case "socket" -> SOCKET;
            default -> POLL;
        };
    }
}
