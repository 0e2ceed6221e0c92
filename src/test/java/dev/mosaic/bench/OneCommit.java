package dev.mosaic.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** One durable commit, the store's unit of cost: SQLite in WAL mode, synchronous=FULL, one ~200-byte INSERT. */
final class OneCommit implements AutoCloseable {
    private final Connection db;
    private final PreparedStatement insert;
    private long n;

    OneCommit(Path file) throws SQLException {
        db = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
        }
        db.setAutoCommit(true);
        insert = db.prepareStatement("INSERT INTO t (id, body) VALUES (?, ?)");
    }

    /** One INSERT in its own transaction. */
    void commit() throws SQLException {
        insert.setLong(1, ++n);
        insert.setString(2, "x".repeat(200));
        insert.executeUpdate();
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }
}
