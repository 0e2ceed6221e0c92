package dev.mosaic.store;

import dev.mosaic.model.Message;
import dev.mosaic.testing.SqliteFile;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

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

    /**
     * The full-text index is kept in batches (migration V120): a send no longer writes its own FTS5 segment, about a
     * quarter of its insert-and-commit, and a search first indexes what was stored since the last batch.
     */
    @Test
    void aSendLeavesItsTextToTheNextIndexBatchAndASearchRightAfterStillFindsIt() {
        SqliteFile file = new SqliteFile(dir.resolve("test.db"));
        store.indexText(); // what the open left
        Message m = sendFrom(bob, bob, null, "the quarterly figures");
        assertThat(file.count("messages_fts_docsize")).as("not indexed by the send").isZero();

        assertThat(store.search(SearchTerms.of("quarterly"), Optional.empty(), 10)).extracting(Message::id)
                .containsExactly(m.id());
        assertThat(file.count("messages_fts_docsize")).isEqualTo(1);
        assertThat(file.strings("SELECT seq FROM messages_fts_indexed")).containsExactly(String.valueOf(m.seq()));
        store.indexText();
        assertThat(file.count("messages_fts_docsize")).as("indexed once").isEqualTo(1);
        assertThat(ftsIntegrity(file)).isEmpty();
    }

    @Test
    void messagesLeftUnindexedAtAStopAreFoundAfterTheRestartAndIndexedOnce() {
        Message before = sendFrom(bob, bob, null, "before the stop");
        store.close();
        store = openStore();
        Message after = sendFrom(bob, bob, null, "after the stop");
        assertThat(store.search(SearchTerms.of("stop"), Optional.empty(), 10)).extracting(Message::id)
                .containsExactly(after.id(), before.id());
        assertThat(new SqliteFile(dir.resolve("test.db")).count("messages_fts_docsize")).isEqualTo(2);
        assertThat(ftsIntegrity(new SqliteFile(dir.resolve("test.db")))).isEmpty();
    }

    /** A file whose messages were indexed by V90's trigger, one by one: V120 takes them as indexed, and adds on. */
    @Test
    void messagesIndexedBeforeTheMigrationAreFoundOnceAndNewOnesJoinThem() throws SQLException {
        store.close();
        Path old = dir.resolve("old.db");
        String url = "jdbc:sqlite:" + old;
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration/sqlite").target("110")
                .load().migrate();
        try (Connection c = new SqliteFile(old).connect(); Statement s = c.createStatement()) {
            s.executeUpdate("""
                    INSERT INTO messages (id, from_id, from_name, to_id, to_name, text, thread_id, created_at, status)
                    VALUES ('m-old', 'p-1', 'Bob', 'p-1', 'Bob', 'an old note', 'm-old', '2026-12-01T00:00:00.000Z',
                            'queued')""");
        }
        store = new JdbcStore(SqliteDatabase.open(old));
        bob = pane("Bob");
        Message fresh = sendFrom(bob, bob, null, "a new note");
        assertThat(store.search(SearchTerms.of("note"), Optional.empty(), 10)).extracting(Message::id)
                .containsExactly(fresh.id(), "m-old");
        assertThat(new SqliteFile(old).count("messages_fts_docsize")).isEqualTo(2);
        assertThat(ftsIntegrity(new SqliteFile(old))).isEmpty();
    }

    /**
     * A search that cannot index first (another process holds the write lock until the busy timeout) still answers
     * from what is indexed, as it did when it was a pure read; the newest messages join once writes go through again.
     */
    @Test
    void aSearchWhileTheDatabaseTakesNoWritesAnswersFromWhatIsIndexed() throws SQLException {
        Message indexed = sendFrom(bob, bob, null, "an indexed note");
        store.indexText();
        Message newest = sendFrom(bob, bob, null, "the newest note");
        try (Connection other = new SqliteFile(dir.resolve("test.db")).connect();
             Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            assertThat(store.search(SearchTerms.of("note"), Optional.empty(), 10)).extracting(Message::id)
                    .containsExactly(indexed.id());
            s.execute("ROLLBACK");
        }
        assertThat(store.search(SearchTerms.of("note"), Optional.empty(), 10)).extracting(Message::id)
                .containsExactly(newest.id(), indexed.id());
    }

    /** Thousands waiting (rows added by hand, a crash): indexed in several bounded writes, all of them, once. */
    @Test
    void moreMessagesThanOneIndexBatchAreAllIndexedInBatches() throws SQLException {
        int count = 2 * SqliteDatabase.INDEX_BATCH + 1;
        try (Connection c = new SqliteFile(dir.resolve("test.db")).connect()) {
            c.setAutoCommit(false);
            try (var insert = c.prepareStatement("""
                    INSERT INTO messages (id, from_id, from_name, to_id, to_name, text, thread_id, created_at, status)
                    VALUES (?, 'p-1', 'Bob', 'p-1', 'Bob', ?, ?, '2026-12-01T00:00:00.000Z', 'queued')""")) {
                for (int i = 0; i < count; i++) {
                    insert.setString(1, "m-" + i);
                    insert.setString(2, i == 0 ? "the first needle" : i == count - 1 ? "the last needle" : "hay " + i);
                    insert.setString(3, "m-" + i);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
        }
        assertThat(store.search(SearchTerms.of("needle"), Optional.empty(), 10)).extracting(Message::id)
                .containsExactly("m-" + (count - 1), "m-0");
        SqliteFile file = new SqliteFile(dir.resolve("test.db"));
        assertThat(file.count("messages_fts_docsize")).isEqualTo(count);
        assertThat(ftsIntegrity(file)).isEmpty();
    }

    /** FTS5's own check that its index matches the messages it was given: empty when it does. */
    private static String ftsIntegrity(SqliteFile file) {
        try (Connection c = file.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)");
            return "";
        } catch (SQLException e) {
            return e.getMessage();
        }
    }
}
