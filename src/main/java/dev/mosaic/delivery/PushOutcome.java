package dev.mosaic.delivery;

/** What one POST to a channel's push endpoint tells about the message. */
public enum PushOutcome {
    /** 2xx with the channel's proof: the channel wrote the notification to the agent. */
    DELIVERED,
    /**
     * Nothing was shown to the agent: connection refused, non-2xx, or a 2xx without a valid proof (not the agent's
     * channel, which always proves its 2xx).
     */
    REFUSED,
    /** The request went out but no answer came (timeout, broken connection): the agent may have seen it. */
    UNCERTAIN
}
