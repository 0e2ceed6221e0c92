package dev.mosaic.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether a room takes posts. */
public enum RoomStatus {
    /** Members post by the room's policy. */
    OPEN("open"),
    /** Closed by its moderator or the operator, or by reaching its max_turns: its transcript stays readable. */
    CLOSED("closed");

    private final String wire;

    RoomStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static RoomStatus fromWire(String s) {
        for (RoomStatus r : values()) {
            if (r.wire.equals(s)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown room status: " + s);
    }
}
