package dev.mosaic.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One stored message to one recipient: the §2 object of DESIGN.md, as the API and the push endpoint carry it. A
 * message of a room (a post, or the hub's notice about the room) names it in {@code room_id} and {@code room_name}.
 */
public record Message(
        String id,
        long seq,
        String fromId,
        String fromName,
        String toId,
        String toName,
        String subject,
        String text,
        String threadId,
        String inReplyTo,
        String createdAt,
        MessageStatus status,
        DeliveredVia deliveredVia,
        String deliveredAt,
        String seenAt,
        String readAt,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean redelivered,
        @JsonInclude(JsonInclude.Include.NON_NULL) String roomId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String roomName) {

    /** A message outside any room. */
    public Message(String id, long seq, String fromId, String fromName, String toId, String toName, String subject,
                   String text, String threadId, String inReplyTo, String createdAt, MessageStatus status,
                   DeliveredVia deliveredVia, String deliveredAt, String seenAt, String readAt, boolean redelivered) {
        this(id, seq, fromId, fromName, toId, toName, subject, text, threadId, inReplyTo, createdAt, status,
                deliveredVia, deliveredAt, seenAt, readAt, redelivered, null, null);
    }

    /** The same message with its status as the outside world may see it (a push in flight is still queued). */
    public Message forApi() {
        return status == MessageStatus.PUSHING ? withStatus(MessageStatus.QUEUED) : this;
    }

    /** The same message in another status. */
    public Message withStatus(MessageStatus s) {
        return new Message(id, seq, fromId, fromName, toId, toName, subject, text, threadId, inReplyTo,
                createdAt, s, deliveredVia, deliveredAt, seenAt, readAt, redelivered, roomId, roomName);
    }
}
