package dev.mosaic.store;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The PostgreSQL URL a hub is given: its password comes out before anything can show the URL. */
class PostgresTargetTest {
    @Test
    void thePasswordInTheUrlIsTakenOutAndWinsOverTheFallback() {
        PostgresTarget t = PostgresTarget.parse(
                "jdbc:postgresql://db.example:5433/mosaic?user=mo&password=s%3Dcret&sslmode=require",
                Optional.of("from-env"));
        assertThat(t.safeUrl()).isEqualTo("jdbc:postgresql://db.example:5433/mosaic?user=mo&sslmode=require");
        assertThat(t.toString()).doesNotContain("cret");
        assertThat(t.where()).isEqualTo("db.example:5433/mosaic as mo");
        assertThat(t.password()).hasValue("s=cret");
        assertThat(t.properties().getProperty("password")).isEqualTo("s=cret");
    }

    @Test
    void withoutOneInTheUrlTheFallbackIsUsedAndAnEmptyOneIsNone() {
        assertThat(PostgresTarget.parse("jdbc:postgresql://h/db?user=u", Optional.of("pw")).password()).hasValue("pw");
        assertThat(PostgresTarget.parse("jdbc:postgresql://h/db", Optional.of("")).password()).isEmpty();
    }

    @Test
    void aUrlThatIsNotPostgresIsRefusedWithoutShowingItsPassword() {
        assertThatThrownBy(() -> PostgresTarget.parse("jdbc:postgresql:///db?password=hidden", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("hidden");
        assertThat(PostgresTarget.redact("jdbc:x://h/db?user=u&PASSWORD=p1&x=1")).isEqualTo("jdbc:x://h/db?user=u&PASSWORD=***&x=1");
    }
}
