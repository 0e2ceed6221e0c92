package dev.mosaic.hub;

import dev.mosaic.model.Limits;

import java.nio.charset.StandardCharsets;

/**
 * A validated {@code POST /api/v1/rooms/{id}/posts} body: {@code text} (1 byte to 64 KiB, not blank) and
 * {@code idempotency_key} (optional, 1–128 characters, as a send's).
 */
record RoomPostRequest(String text, String idempotencyKey) {

    static RoomPostRequest from(JsonBody body) {
        String text = body.requiredString("text");
        String key = body.optionalString("idempotency_key");
        if (text.isBlank()) {
            throw ApiError.badRequest("'text' is empty: a post needs some text");
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > Limits.MAX_TEXT_BYTES) {
            throw ApiError.tooLarge("'text' is " + bytes + " bytes; a post holds at most " + Limits.MAX_TEXT_BYTES
                    + " bytes (64 KiB)");
        }
        if (key != null && (key.isEmpty() || key.length() > Limits.MAX_IDEMPOTENCY_KEY_CHARS)) {
            throw ApiError.badRequest("'idempotency_key' must have 1 to " + Limits.MAX_IDEMPOTENCY_KEY_CHARS
                    + " characters");
        }
        return new RoomPostRequest(text, key);
    }
}
