package dev.mosaic.store;

import dev.mosaic.testing.PostgresServer;
import dev.mosaic.testing.SharedPostgres;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Optional;

/** The store contract on a real PostgreSQL server (a fresh database per test). */
@ExtendWith(SharedPostgres.class)
class PostgresStoreTest extends StoreContract {
    private final PostgresServer server;

    PostgresStoreTest(PostgresServer server) {
        this.server = server;
    }

    @Override
    Store openStore() {
        return new JdbcStore(PostgresDatabase.open(PostgresTarget.parse(server.url(server.newDatabase()),
                Optional.of(PostgresServer.PASSWORD))));
    }
}
