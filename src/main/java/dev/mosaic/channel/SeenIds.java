package dev.mosaic.channel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Ids of messages already handed to the agent, each with the write that shows it, so a push the hub retries (same id)
 * is not shown twice, and is not confirmed before its line is out. Bounded: the hub retries a message within
 * minutes, so the most recent ids are the only ones that can come back.
 */
final class SeenIds {
    private static final CompletableFuture<Void> SHOWN = CompletableFuture.completedFuture(null);

    private final Map<String, CompletableFuture<Void>> ids;

    SeenIds(int capacity) {
        this.ids = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<Void>> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Records the id as shown already (a tool returned its text); true the first time it is seen. */
    synchronized boolean firstTime(String id) {
        return ids.putIfAbsent(id, SHOWN) == null;
    }

    /**
     * Claims the id for a write about to start, which completes {@code write}: empty the first time, else the
     * earlier write of that id, done or still under way.
     */
    synchronized Optional<CompletableFuture<Void>> claim(String id, CompletableFuture<Void> write) {
        return Optional.ofNullable(ids.putIfAbsent(id, write));
    }

    /** Forgets an id whose delivery failed before it reached the agent, so the hub's retry gets through. */
    synchronized void forget(String id) {
        ids.remove(id);
    }
}
