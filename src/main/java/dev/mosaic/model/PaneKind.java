package dev.mosaic.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether the hub runs the pane's process or an outside process joined by name. */
public enum PaneKind {
    JOINED("joined"),
    SPAWNED("spawned");

    private final String wire;

    PaneKind(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static PaneKind fromWire(String s) {
        return s.equals("spawned") ? SPAWNED : JOINED;
    }
}
