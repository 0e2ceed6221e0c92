package dev.mosaic.store;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The room contract on a real SQLite file. */
class SqliteRoomStoreTest extends RoomStoreContract {
    @TempDir
    Path dir;

    @Override
    Store openStore() {
        return new JdbcStore(SqliteDatabase.open(dir.resolve("test.db")));
    }
}
