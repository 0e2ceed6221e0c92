package dev.mosaic.store;

import dev.mosaic.testing.PostgresServer;
import dev.mosaic.testing.SharedPostgres;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Optional;

/** The room contract on a real PostgreSQL server, a fresh database per test: rooms behave alike on both stores. */
@ExtendWith(SharedPostgres.class)
class PostgresRoomStoreTest extends RoomStoreContract {
    private final PostgresServer server;

    PostgresRoomStoreTest(PostgresServer server) {
        this.server = server;
    }

    @Override
    Store openStore() {
        return new JdbcStore(PostgresDatabase.open(PostgresTarget.parse(server.url(server.newMigratedDatabase()),
                Optional.of(PostgresServer.PASSWORD))), JdbcStore.LONE_HUB);
    }
}
