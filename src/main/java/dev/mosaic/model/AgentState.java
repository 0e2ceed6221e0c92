package dev.mosaic.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** What the agent in a pane is doing, as its Claude Code hooks last said (DESIGN.md §10). */
public enum AgentState {
    /** A turn is running: a prompt was taken in or a tool is being used. */
    WORKING("working"),
    /** The turn is over; the agent waits for a prompt or a message. */
    IDLE("idle"),
    /** A tool waits for a person's approval in the agent's terminal. */
    NEEDS_APPROVAL("needs_approval"),
    /** No hook has reported yet, or the session ended. */
    UNKNOWN("unknown");

    private final String wire;

    AgentState(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static AgentState fromWire(String s) {
        for (AgentState a : values()) {
            if (a.wire.equals(s)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown agent state: " + s);
    }
}
