package dev.mosaic.store;

/** The database could not do the work (locked, read-only, full, gone); nothing of that work was kept. */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
