package dev.mosaic.store;

/**
 * The database cannot hold a text it was given (PostgreSQL stores no NUL character); nothing of that work was kept.
 * The caller's input is at fault, not the database: the API answers 400.
 */
public class UnstorableTextException extends RuntimeException {
    public UnstorableTextException(String message, Throwable cause) {
        super(message, cause);
    }
}
