package dev.mosaic.store;

import dev.mosaic.model.Message;

import java.util.List;
import java.util.Set;

/**
 * One send as the store commits it: the messages (one per recipient), the message it answers (marked read
 * when the sender was its recipient), the idempotency key with the answer to replay for it, and the recipients
 * whose push lanes are idle: their next push is claimed in the same transaction, saving the lane a commit of its own.
 */
public record SendBatch(List<Message> messages, String senderId, String readOnReply, String idempotencyKey,
                        String response, String idempotencySince, Set<String> claimPushFor) {
    public SendBatch {
        messages = List.copyOf(messages);
        claimPushFor = Set.copyOf(claimPushFor);
    }

    /** A send that claims no push. */
    public SendBatch(List<Message> messages, String senderId, String readOnReply, String idempotencyKey,
                     String response, String idempotencySince) {
        this(messages, senderId, readOnReply, idempotencyKey, response, idempotencySince, Set.of());
    }
}
