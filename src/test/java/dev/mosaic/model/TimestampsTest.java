package dev.mosaic.model;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TimestampsTest {
    private static final DateTimeFormatter PATTERN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Property(tries = 3000)
    void writesWhatTheJdkPatternWrites(@ForAll @LongRange(min = -62_200_000_000L, max = 253_500_000_000L) long second,
                                       @ForAll @IntRange(min = 0, max = 999_999_999) int nano) {
        Instant t = Instant.ofEpochSecond(second, nano);
        assertThat(Timestamps.format(t)).isEqualTo(PATTERN.format(t.truncatedTo(ChronoUnit.MILLIS)));
    }

    @Property(tries = 3000)
    void readsBackWhatItWrote(@ForAll @LongRange(min = -62_135_596_800L, max = 253_402_300_799L) long second,
                              @ForAll @IntRange(min = 0, max = 999_999_999) int nano) {
        Instant t = Instant.ofEpochSecond(second, nano);
        assertThat(Timestamps.parse(Timestamps.format(t))).contains(t.truncatedTo(ChronoUnit.MILLIS));
    }

    @Property(tries = 3000)
    void readsAnyTextAsInstantParseDoes(@ForAll("nearlyTimestamps") String text) {
        Optional<Instant> jdk;
        try {
            jdk = Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            jdk = Optional.empty();
        }
        assertThat(Timestamps.parse(text)).isEqualTo(jdk);
    }

    @Example
    void readsOtherIsoInstantsAndRefusesTheRest() {
        assertThat(Timestamps.parse("2026-12-02T18:15:30Z")).contains(Instant.parse("2026-12-02T18:15:30Z"));
        assertThat(Timestamps.parse("2026-12-02T18:15:30.123456Z"))
                .contains(Instant.parse("2026-12-02T18:15:30.123456Z"));
        assertThat(Timestamps.parse("2026-02-30T00:00:00.000Z")).isEmpty();
        assertThat(Timestamps.parse("2026-12-02T25:00:00.000Z")).isEmpty();
        assertThat(Timestamps.parse("2026-12-02T24:00:00.000Z")).contains(Instant.parse("2026-12-03T00:00:00Z")); // as the JDK reads it
        assertThat(Timestamps.parse("yesterday")).isEmpty();
        assertThat(Timestamps.parse("")).isEmpty();
    }

    /** Strings of the timestamp's layout with random characters put in, so most are near misses. */
    @Provide
    Arbitrary<String> nearlyTimestamps() {
        Arbitrary<String> good = Arbitraries.longs().between(-62_135_596_800L, 253_402_300_799L)
                .map(s -> Timestamps.format(Instant.ofEpochSecond(s)));
        Arbitrary<Character> noise = Arbitraries.of('0', '1', '2', '3', '5', '6', '9', ':', '-', 'T', 'Z', '.', '+', ' ');
        return good.flatMap(s -> Arbitraries.integers().between(0, s.length() - 1).flatMap(at ->
                noise.map(ch -> {
                    char[] c = s.toCharArray();
                    c[at] = ch;
                    return new String(c);
                })));
    }
}
