package dev.mosaic.channel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ids of messages already handed to the agent, so a push the hub retries (same id) is not shown twice. Bounded:
 * the hub retries a message within minutes, so the most recent ids are the only ones that can come back.
 */
final class SeenIds {
    private final Map<String, Boolean> ids;

    SeenIds(int capacity) {
        this.ids = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Records the id; true the first time it is seen, false for a repeat. */
    synchronized boolean firstTime(String id) {
        return ids.put(id, Boolean.TRUE) == null;
    }

    /** Forgets an id whose delivery failed before it reached the agent, so the hub's retry gets through. */
    synchronized void forget(String id) {
        ids.remove(id);
    }
}
