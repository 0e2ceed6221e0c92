package dev.mosaic.delivery;

/** What one POST to a channel's push endpoint tells about the message. */
public enum PushOutcome {
    /** 2xx: the channel wrote the notification to the agent. */
    DELIVERED,
    /** Refused before anything was shown (connection refused, non-2xx): the agent has not seen it. */
    REFUSED,
    /** The request went out but no answer came (timeout, broken connection): the agent may have seen it. */
    UNCERTAIN
}
