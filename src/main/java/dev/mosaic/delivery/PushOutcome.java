package dev.mosaic.delivery;

/** What one POST to a channel's push endpoint tells about the message. */
public enum PushOutcome {
    /** 2xx with the channel's proof: the channel wrote the notification to the agent. */
    DELIVERED,
    /** Nothing was shown to the agent: connection refused, or a non-2xx answer. */
    REFUSED,
    /**
     * A 2xx without a valid proof: whatever answers on that port is not the agent's channel (which always proves its
     * 2xx), so nothing was shown, and the registration is dropped at once so no further message goes there.
     */
    NOT_THE_CHANNEL,
    /** The request went out but no answer came (timeout, broken connection): the agent may have seen it. */
    UNCERTAIN
}
