package dev.mosaic.store;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** A SQLite file opened at a {@link Synchronous} level commits at that level. */
class SynchronousTest {
    @TempDir
    Path home;

    @Test
    void theFileCommitsAtTheLevelAsked() {
        for (Synchronous level : Synchronous.values()) {
            try (SqliteDatabase db = SqliteDatabase.open(home.resolve(level + ".db"), new CompositeMeterRegistry(),
                    level)) {
                int pragma = db.write(c -> {
                    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
                        rs.next();
                        return rs.getInt(1);
                    }
                });
                assertThat(pragma).as(level.name()).isEqualTo(level == Synchronous.FULL ? 2 : 1);
            }
        }
    }
}
