package dev.mosaic.hub;

import dev.mosaic.testing.PostgresServer;
import dev.mosaic.testing.SharedPostgres;
import dev.mosaic.testing.TestHub;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@link SearchApiTest} through a hub on PostgreSQL: quotes and operators are plain words there too, never a 500. */
@ExtendWith(SharedPostgres.class)
class PostgresSearchApiTest extends SearchApiTest {
    private final PostgresServer server;

    PostgresSearchApiTest(PostgresServer server) {
        this.server = server;
    }

    @Override
    TestHub newHub(Path home) throws Exception {
        Path password = home.resolve("pgpass"); // beside hub.json: the CLI part of the test reads this home
        Files.writeString(password, PostgresServer.PASSWORD);
        String url = server.url(server.newDatabase());
        return new TestHub(home, c -> c.withDatabase(url).withDatabasePasswordFile(password));
    }
}
