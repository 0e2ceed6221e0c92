package dev.mosaic.model;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Times on the wire and in the store: ISO-8601 UTC, always with milliseconds, so text order is time order. */
public final class Timestamps {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** {@code yyyy-MM-ddTHH:mm:ss.SSSZ}: the one layout this class writes, for the years 1 to 9999. */
    private static final int LENGTH = 24;
    private static final int SECONDS_PER_DAY = 86_400;
    private static final long FIRST_SECOND_OF_YEAR_1 = LocalDate.of(1, 1, 1).toEpochDay() * SECONDS_PER_DAY;
    private static final long LAST_SECOND_OF_YEAR_9999 = LocalDate.of(10_000, 1, 1).toEpochDay() * SECONDS_PER_DAY - 1;

    private Timestamps() {
    }

    public static String format(Instant t) {
        // Every message is stamped on the send path: digits by hand, not the formatter's general machinery.
        // Years before 1 are written as years of their era by the pattern; those and five-digit years take it.
        long seconds = t.getEpochSecond();
        if (seconds < FIRST_SECOND_OF_YEAR_1 || seconds > LAST_SECOND_OF_YEAR_9999) {
            return FORMAT.format(t.truncatedTo(ChronoUnit.MILLIS));
        }
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_PER_DAY));
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        char[] c = new char[LENGTH];
        digits(c, 0, 4, day.getYear());
        c[4] = '-';
        digits(c, 5, 2, day.getMonthValue());
        c[7] = '-';
        digits(c, 8, 2, day.getDayOfMonth());
        c[10] = 'T';
        digits(c, 11, 2, secondOfDay / 3600);
        c[13] = ':';
        digits(c, 14, 2, secondOfDay / 60 % 60);
        c[16] = ':';
        digits(c, 17, 2, secondOfDay % 60);
        c[19] = '.';
        digits(c, 20, 3, t.getNano() / 1_000_000);
        c[23] = 'Z';
        return new String(c);
    }

    public static String now() {
        return format(Instant.now());
    }

    /**
     * The instant a timestamp names: read directly in the layout {@link #format} writes, through
     * {@link Instant#parse} otherwise; empty when it is no ISO-8601 instant at all.
     */
    public static Optional<Instant> parse(String text) {
        if (text.length() == LENGTH && inOwnLayout(text)) {
            try {
                LocalDate day = LocalDate.of(number(text, 0, 4), number(text, 5, 2), number(text, 8, 2));
                int hour = number(text, 11, 2);
                int minute = number(text, 14, 2);
                int second = number(text, 17, 2);
                if (hour < 24 && minute < 60 && second < 60) {
                    long seconds = day.toEpochDay() * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second;
                    return Optional.of(Instant.ofEpochSecond(seconds, number(text, 20, 3) * 1_000_000L));
                }
            } catch (DateTimeException e) {
                // a day that does not exist, say February 30th: Instant.parse below says so the same way
            }
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static boolean inOwnLayout(String s) {
        for (int i = 0; i < LENGTH; i++) {
            char ch = s.charAt(i);
            boolean ok = switch (i) {
                case 4, 7 -> ch == '-';
                case 10 -> ch == 'T';
                case 13, 16 -> ch == ':';
                case 19 -> ch == '.';
                case 23 -> ch == 'Z';
                default -> ch >= '0' && ch <= '9';
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static int number(String s, int from, int length) {
        int n = 0;
        for (int i = from; i < from + length; i++) {
            n = n * 10 + (s.charAt(i) - '0');
        }
        return n;
    }

    private static void digits(char[] out, int from, int length, int value) {
        for (int i = from + length - 1; i >= from; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
