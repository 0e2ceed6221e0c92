package dev.mosaic.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Looks into a hub's SQLite file directly, as an operator with the sqlite3 shell would. */
public final class SqliteFile {
    /** One stored message, as much of it as the proofs need. */
    public record Row(long seq, String id, String fromName, String toName, String text, String status) {
    }

    private final Path file;

    public SqliteFile(Path file) {
        this.file = file;
    }

    public String integrityCheck() {
        return query("PRAGMA integrity_check", rs -> rs.getString(1)).getFirst();
    }

    public long count(String table) {
        return query("SELECT count(*) FROM " + table, rs -> rs.getLong(1)).getFirst();
    }

    public List<Row> messages() {
        return query("SELECT seq, id, from_name, to_name, text, status FROM messages ORDER BY seq",
                rs -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6)));
    }

    /** A column of the first row, e.g. a channel's secret, for tests that must know what may never leak. */
    public List<String> strings(String sql) {
        return query(sql, rs -> rs.getString(1));
    }

    /** A JDBC connection of its own, for a test that plays "another process" holding a lock. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, RowReader<T> reader) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(reader.read(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
