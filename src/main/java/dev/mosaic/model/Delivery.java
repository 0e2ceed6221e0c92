package dev.mosaic.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** How messages reach a pane right now. */
public enum Delivery {
    /** A live channel is registered: messages are pushed. */
    PUSH("push"),
    /** No working channel: messages wait in the inbox for a poll. */
    POLL("poll"),
    /** The pane was stopped or its process exited. */
    OFFLINE("offline");

    private final String wire;

    Delivery(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
