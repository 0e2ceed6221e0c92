package dev.mosaic.delivery;

import dev.mosaic.model.Message;
import dev.mosaic.store.ChannelRegistration;

import java.util.List;

/** Sends a pane's next messages (one, or a batch in seq order) to its channel's push endpoint in one request. */
public interface PushClient {
    /** The outcome holds for every message of the batch: the channel's proof covers all their ids or none. */
    PushOutcome push(ChannelRegistration channel, List<Message> messages);
}
