package dev.mosaic.delivery;

import dev.mosaic.model.Message;
import dev.mosaic.store.ChannelRegistration;

/** Sends one message to a channel's push endpoint. */
public interface PushClient {
    PushOutcome push(ChannelRegistration channel, Message message);
}
