package dev.mosaic.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Times on the wire and in the store: ISO-8601 UTC, always with milliseconds, so text order is time order. */
public final class Timestamps {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    public static String format(Instant t) {
        return FORMAT.format(t.truncatedTo(ChronoUnit.MILLIS));
    }

    public static String now() {
        return format(Instant.now());
    }
}
