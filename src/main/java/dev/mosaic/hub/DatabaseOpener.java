package dev.mosaic.hub;

import dev.mosaic.store.Database;
import dev.mosaic.store.PostgresDatabase;
import dev.mosaic.store.PostgresTarget;
import dev.mosaic.store.SqliteDatabase;
import dev.mosaic.store.Synchronous;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Opens the database a hub's config names: the SQLite file in its home, another SQLite file, or PostgreSQL. */
final class DatabaseOpener {
    private DatabaseOpener() {
    }

    /**
     * @throws IllegalArgumentException for a URL of no database Mosaic runs on, or a password file it cannot read
     *                                  (a usage error)
     */
    static Database open(HubConfig config, MeterRegistry meters, Map<String, String> env) {
        if (config.database().url().isEmpty()) {
            return SqliteDatabase.open(config.home().resolve("mosaic.db"), meters, config.database().synchronous());
        }
        String url = config.database().url().get();
        if (url.startsWith("jdbc:sqlite:")) {
            return SqliteDatabase.open(Path.of(url.substring("jdbc:sqlite:".length())), meters,
                    config.database().synchronous());
        }
        if (PostgresTarget.isPostgres(url)) {
            if (config.database().synchronous() != Synchronous.FULL) {
                throw new IllegalArgumentException("--synchronous applies to a SQLite file; a PostgreSQL database "
                        + "commits as its server's synchronous_commit says");
            }
            return PostgresDatabase.open(PostgresTarget.parse(url, password(config.database().passwordFile(), env)));
        }
        throw new IllegalArgumentException("unsupported database URL " + PostgresTarget.redact(url)
                + ": use jdbc:sqlite:/path/to/file.db or jdbc:postgresql://HOST[:PORT]/DATABASE?user=NAME");
    }

    /** The password file's first line, else PGPASSWORD (the URL's own password, if any, wins over both). */
    private static Optional<String> password(Optional<Path> passwordFile, Map<String, String> env) {
        if (passwordFile.isPresent()) {
            Path file = passwordFile.get();
            try {
                return Files.readAllLines(file).stream().findFirst().map(String::strip);
            } catch (IOException | UncheckedIOException e) {
                throw new IllegalArgumentException("cannot read the database password file " + file + ": " + e);
            }
        }
        return Optional.ofNullable(env.get("PGPASSWORD"));
    }
}
