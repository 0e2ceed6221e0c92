package dev.mosaic.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a message reached its recipient. */
public enum DeliveredVia {
    PUSH("push"),
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
        return s.equals("push") ? PUSH : POLL;
    }
}
