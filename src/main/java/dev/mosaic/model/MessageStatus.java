package dev.mosaic.model;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where one message stands on its way to its recipient. Every move between these states is a single
 * guarded statement in the store, so a message is never both pushed and returned by a poll.
 */
public enum MessageStatus {
    /** Stored, not yet seen by the agent. A poll returns it; the pusher claims it. */
    QUEUED("queued"),
    /**
     * Claimed by the pusher, a POST to the channel in flight. Only the pusher moves it on: to pushed on a 2xx,
     * back to queued otherwise. Shown as queued outside the hub.
     */
    PUSHING("pushing"),
    /** The channel wrote it to the agent. The agent's reply or ack moves it to read. */
    PUSHED("pushed"),
    /** Returned by an inbox read, replied to or acknowledged. Final. */
    READ("read");

    private final String wire;

    MessageStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static MessageStatus fromWire(String s) {
        for (MessageStatus m : values()) {
            if (m.wire.equals(s)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown message status: " + s);
    }
}
