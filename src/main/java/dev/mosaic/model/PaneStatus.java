package dev.mosaic.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** Life of a pane: live until stopped by a person or until its process exits. */
public enum PaneStatus {
    LIVE("live"),
    EXITED("exited"),
    STOPPED("stopped");

    private final String wire;

    PaneStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static PaneStatus fromWire(String s) {
        for (PaneStatus p : values()) {
            if (p.wire.equals(s)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown pane status: " + s);
    }
}
