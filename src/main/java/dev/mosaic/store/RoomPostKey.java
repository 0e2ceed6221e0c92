package dev.mosaic.store;

/**
 * The idempotency key a room post carries (DESIGN.md §2, as a send's): who posted, the key, the answer to give a
 * retry, and the time before which a key is expired and taken anew.
 */
public record RoomPostKey(String senderId, String key, String response, String since) {
}
