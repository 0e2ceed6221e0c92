package dev.mosaic.store;

import dev.mosaic.testing.SqliteFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** The store contract on a real SQLite file. */
class SqliteStoreTest extends StoreContract {
    @TempDir
    Path dir;

    @Override
    Store openStore() {
        return new JdbcStore(SqliteDatabase.open(dir.resolve("test.db")));
    }

    /**
     * Every pane listing counts unread messages: that must read the unread rows only, never the whole history
     * (it took 160 ms at 1 M stored messages while SQLite chose the inbox index, bench/scale.sh).
     */
    @Test
    void unreadCountsReadOnlyTheUnreadIndex() throws SQLException {
        store.unreadCounts(); // the file is migrated
        StringBuilder plan = new StringBuilder();
        try (Connection c = new SqliteFile(dir.resolve("test.db")).connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN "
                     + "SELECT to_id, COUNT(*) FROM messages WHERE status <> 'read' GROUP BY to_id")) {
            while (rs.next()) {
                plan.append(rs.getString("detail")).append('\n');
            }
        }
        assertThat(plan.toString()).contains("COVERING INDEX messages_unread");
    }
}
