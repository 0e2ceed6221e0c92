package dev.mosaic.store;

import dev.mosaic.model.Message;

import java.util.List;

/**
 * One send as the store commits it: the messages (one per recipient), the message it answers (marked read
 * when the sender was its recipient), and the idempotency key with the answer to replay for it.
 */
public record SendBatch(List<Message> messages, String senderId, String readOnReply, String idempotencyKey,
                        String response, String idempotencySince) {
    public SendBatch {
        messages = List.copyOf(messages);
    }
}
