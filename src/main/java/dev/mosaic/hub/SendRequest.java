package dev.mosaic.hub;

import dev.mosaic.model.Limits;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** A validated `POST /api/v1/messages` body. {@code to} may be empty only for a reply. */
record SendRequest(List<String> to, String text, String subject, String replyTo, String idempotencyKey) {

    static SendRequest from(JsonBody body) {
        List<String> to = body.stringOrList("to");
        String text = body.requiredString("text");
        String subject = body.optionalString("subject");
        String replyTo = body.optionalString("reply_to");
        String key = body.optionalString("idempotency_key");
        if (to.isEmpty() && replyTo == null) {
            throw ApiError.badRequest("'to' is required: a pane name or id, a list of them, or \"*\" for every "
                    + "other pane (it may be left out only with 'reply_to')");
        }
        for (String t : to) {
            if (t.isBlank()) {
                throw ApiError.badRequest("'to' holds an empty recipient");
            }
        }
        if (text.isBlank()) {
            throw ApiError.badRequest("'text' is empty: a message needs some text");
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > Limits.MAX_TEXT_BYTES) {
            throw ApiError.tooLarge("'text' is " + bytes + " bytes; a message holds at most "
                    + Limits.MAX_TEXT_BYTES + " bytes (64 KiB): split it or send a file path instead");
        }
        if (subject != null && subject.length() > Limits.MAX_SUBJECT_CHARS) {
            throw ApiError.badRequest("'subject' has at most " + Limits.MAX_SUBJECT_CHARS + " characters");
        }
        if (subject != null && subject.isBlank()) {
            subject = null;
        }
        if (replyTo != null && replyTo.isBlank()) {
            throw ApiError.badRequest("'reply_to' is empty: give the id of the message you answer");
        }
        if (key != null && (key.isEmpty() || key.length() > Limits.MAX_IDEMPOTENCY_KEY_CHARS)) {
            throw ApiError.badRequest("'idempotency_key' must have 1 to " + Limits.MAX_IDEMPOTENCY_KEY_CHARS
                    + " characters");
        }
        return new SendRequest(to, text, subject, replyTo, key);
    }
}
