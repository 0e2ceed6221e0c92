package dev.mosaic.model;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Who may post in a room (DESIGN.md §11); the hub enforces it. */
public enum RoomPolicy {
    /** Any member, and the moderator, may post at any time. */
    OPEN("open"),
    /** Members post in the order they were listed, one turn each; the moderator may post at any time. */
    ROUND_ROBIN("round_robin"),
    /** Only the member the moderator gave the floor may post, once; the moderator may post at any time. */
    MODERATED("moderated");

    private final String wire;

    RoomPolicy(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static RoomPolicy fromWire(String s) {
        for (RoomPolicy p : values()) {
            if (p.wire.equals(s)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown room policy: " + s);
    }

    /** "open, round_robin or moderated", for sentences that list the choices. */
    public static String choices() {
        String all = Arrays.stream(values()).map(RoomPolicy::wire).collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return all.substring(0, last) + " or " + all.substring(last + 2);
    }
}
