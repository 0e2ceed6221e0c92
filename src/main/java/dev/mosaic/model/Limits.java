package dev.mosaic.model;

/** Sizes the hub and the channel enforce alike. */
public final class Limits {
    /** A message's text, in UTF-8 bytes. */
    public static final int MAX_TEXT_BYTES = 64 * 1024;
    public static final int MAX_SUBJECT_CHARS = 256;
    public static final int MAX_IDEMPOTENCY_KEY_CHARS = 128;
    public static final int MAX_INBOX_LIMIT = 100;
    public static final int MAX_WAIT_SECONDS = 60;
    /** How many of the newest messages {@code GET /api/v1/messages} answers: by default, and at most. */
    public static final int DEFAULT_RECENT_LIMIT = 100;
    public static final int MAX_RECENT_LIMIT = 1000;
    /** GET /api/v1/search: messages per answer, by default and at most. */
    public static final int DEFAULT_SEARCH_LIMIT = 50;
    public static final int MAX_SEARCH_LIMIT = 500;

    private Limits() {
    }
}
