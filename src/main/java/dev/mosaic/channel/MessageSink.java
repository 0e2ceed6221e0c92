package dev.mosaic.channel;

import dev.mosaic.model.Message;

import java.util.List;

/** Where pushed messages go: the agent, in the channel; a recorder, in tests. */
interface MessageSink {
    /** What became of one pushed message. */
    enum Outcome {
        /** Written and flushed to the agent now. */
        DELIVERED,
        /** Already delivered before (the hub retried); not shown again. */
        DUPLICATE,
        /** Could not be shown yet (Claude Code has not finished initialising, or stdout is stuck): retry later. */
        NOT_NOW,
        /** The way to the agent is missing or refused it (Claude Code's messaging socket, DESIGN §10): not shown. */
        UNAVAILABLE
    }

    Outcome deliver(Message message);

    /**
     * Delivers a pushed batch in order: DELIVERED when every message was delivered now or before (a duplicate), else
     * the first other outcome, and the messages after it are not tried (the hub pushes the whole batch again).
     */
    default Outcome deliverAll(List<Message> messages) {
        for (Message m : messages) {
            Outcome o = deliver(m);
            if (o != Outcome.DELIVERED && o != Outcome.DUPLICATE) {
                return o;
            }
        }
        return Outcome.DELIVERED;
    }
}
