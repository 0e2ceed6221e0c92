package dev.mosaic.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Kept statements on a real SQLite file: reused, never sharing one across nested use, never reading stale data. */
class StatementCacheTest {
    private static final String BY_NAME = "SELECT value FROM kv WHERE name = ?";
    private static final String ALL = "SELECT name FROM kv ORDER BY name";
    private static final String COUNT = "SELECT count(*) FROM kv";
    private static final String PUT = "INSERT INTO kv (name, value) VALUES (?, ?)";

    @TempDir
    Path dir;
    SqliteDatabase db;

    @BeforeEach
    void setUp() {
        db = SqliteDatabase.open(dir.resolve("t.db"));
        db.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kv (name TEXT PRIMARY KEY, value TEXT)");
            }
            return null;
        });
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private void put(String name, String value) {
        db.write(c -> {
            try (PreparedStatement s = c.prepareStatement(PUT)) {
                s.setString(1, name);
                s.setString(2, value);
                return s.executeUpdate();
            }
        });
    }

    private static long count(java.sql.Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(COUNT); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void theSameSqlIsPreparedOnceAndAnsweredWithEachCallsParameters() {
        put("a", "1");
        put("b", "2");
        List<Object> statements = new ArrayList<>();
        List<String> values = db.write(c -> {
            List<String> out = new ArrayList<>();
            for (String name : List.of("a", "b", "a")) {
                try (PreparedStatement s = c.prepareStatement(BY_NAME)) {
                    statements.add(s.unwrap(PreparedStatement.class));
                    s.setString(1, name);
                    try (ResultSet rs = s.executeQuery()) {
                        out.add(rs.next() ? rs.getString(1) : null);
                    }
                }
            }
            return out;
        });
        assertThat(values).containsExactly("1", "2", "1");
        assertThat(statements).hasSize(3).allSatisfy(s -> assertThat(s).isSameAs(statements.getFirst()));
    }

    @Test
    void aQueryRunInsideTheLoopOverItsOwnResultsGetsAStatementOfItsOwn() {
        put("a", "1");
        put("b", "2");
        put("c", "3");
        List<String> pairs = db.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement outer = c.prepareStatement(ALL); ResultSet rs = outer.executeQuery()) {
                while (rs.next()) {
                    try (PreparedStatement inner = c.prepareStatement(ALL); ResultSet again = inner.executeQuery()) {
                        again.next();
                        out.add(rs.getString(1) + again.getString(1));
                    }
                }
            }
            return out;
        });
        assertThat(pairs).containsExactly("aa", "ba", "ca");
    }

    @Test
    void aKeptReadStatementSeesEveryLaterCommit() {
        for (int i = 0; i < 10; i++) {
            put("k" + i, "v");
            assertThat(db.read(StatementCacheTest::count)).isEqualTo(i + 1);
        }
    }

    @Test
    void aStatementThatFailedIsUsableAgain() {
        put("a", "1");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> put("a", "again")))
                .isInstanceOf(RuntimeException.class);
        put("b", "2");
        assertThat(db.read(StatementCacheTest::count)).isEqualTo(2);
    }
}
