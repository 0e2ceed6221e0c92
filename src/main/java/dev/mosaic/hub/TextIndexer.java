package dev.mosaic.hub;

import dev.mosaic.delivery.RepeatingTask;
import dev.mosaic.store.Store;
import dev.mosaic.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Brings the store's full-text index up to its messages every second ({@link Store#indexText}), so the catch-up a
 * search does first stays a second's messages at most, and a send never pays for the index itself.
 */
final class TextIndexer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TextIndexer.class);
    static final Duration EVERY = Duration.ofSeconds(1);

    private final RepeatingTask task;

    TextIndexer(Store store) {
        this.task = RepeatingTask.steady("text-index", EVERY, () -> {
            try {
                store.indexText();
            } catch (StoreUnavailableException e) {
                LOG.warn("cannot index new messages for search (a search still finds them): {}", e.getMessage());
            }
        });
    }

    void start() {
        task.start();
    }

    @Override
    public void close() {
        task.close();
    }
}
