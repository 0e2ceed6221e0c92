package dev.mosaic.channel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The idempotency keys of room posts whose answer never came (the hub unreachable, or the answer lost on the way):
 * an agent that calls room_post again with the same room and text reuses the key, so the hub stores the post at
 * most once. A key is forgotten once the hub answered for it, yes or no; the oldest go first past a bound.
 */
final class RoomPostKeys {
    /** Posts whose answer was lost that are kept; an agent retries the last one, not the hundredth. */
    private static final int KEPT = 64;

    private final Map<String, String> unanswered = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > KEPT;
        }
    };

    /** The key for a post of this text to this room: a post whose answer was lost keeps its key, else a new one. */
    synchronized String keyFor(String room, String text) {
        return unanswered.computeIfAbsent(entry(room, text), k -> UUID.randomUUID().toString());
    }

    /** The hub answered this post (stored, replayed or refused): its key is spent. */
    synchronized void answered(String room, String text) {
        unanswered.remove(entry(room, text));
    }

    private static String entry(String room, String text) {
        return room + '\u0000' + text;
    }
}
