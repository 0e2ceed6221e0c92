package dev.mosaic.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A SQLite file in WAL mode. SQLite lets one writer in at a time, so writes share one connection and the writes
 * that arrive together commit together ({@link GroupCommitter}); reads run in parallel on a small pool, each seeing
 * the last commit.
 */
public final class SqliteDatabase implements Database {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteDatabase.class);
    private static final int READERS = 4;
    /**
     * Messages indexed in one write at most: about 20 ms of the write lock (4 µs a message), so sends go on between
     * batches even when thousands wait, as after a crash or rows added by hand.
     */
    static final int INDEX_BATCH = 5_000;
    private static final String INDEX_MARK = "SELECT seq FROM messages_fts_indexed";
    private static final String INDEX_BATCH_END =
            "SELECT MAX(seq) FROM (SELECT seq FROM messages WHERE seq > ? ORDER BY seq LIMIT ?)";
    private static final String INDEX_TEXT = """
            INSERT INTO messages_fts (rowid, subject, text)
            SELECT seq, subject, text FROM messages WHERE seq > ? AND seq <= ? ORDER BY seq""";
    private static final String MOVE_INDEX_MARK = "UPDATE messages_fts_indexed SET seq = ?";
    private static final String MORE_TO_INDEX = "SELECT EXISTS (SELECT 1 FROM messages WHERE seq > ?)";

    private final String url;
    private final ReentrantLock closeLock = new ReentrantLock();
    private final Connection writer;
    private final GroupCommitter committer;
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
    private volatile boolean closed;
    private final Synchronous synchronous;

    private SqliteDatabase(String url, MeterRegistry meters, Synchronous synchronous) throws SQLException {
        this.url = url;
        this.synchronous = synchronous;
        this.writer = open();
        this.committer = new GroupCommitter(writer, this::translate, meters);
        for (int i = 0; i < READERS; i++) {
            readers.add(open());
        }
    }

    /** Opens (creating when missing) and migrates the database file. */
    public static SqliteDatabase open(Path file) {
        return open(file, new CompositeMeterRegistry()); // an empty composite: meters that record nothing
    }

    /** Opens (creating when missing) and migrates the database file; its commits are timed in {@code meters}. */
    public static SqliteDatabase open(Path file, MeterRegistry meters) {
        return open(file, meters, Synchronous.FULL);
    }

    /** The same, with commits done at that level (FULL: after an fsync; NORMAL: without one). */
    public static SqliteDatabase open(Path file, MeterRegistry meters, Synchronous synchronous) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            boolean fresh = !Files.exists(file);
            String url = "jdbc:sqlite:" + file.toAbsolutePath();
            Flyway.configure()
                    .dataSource(url, null, null)
                    .locations("classpath:db/migration/sqlite")
                    .loggers("slf4j")
                    .load()
                    .migrate();
            if (fresh) {
                restrictToOwner(file);
            }
            return new SqliteDatabase(url, meters, synchronous);
        } catch (SQLException | IOException | RuntimeException e) {
            throw new StoreUnavailableException("cannot open the database " + file + ": " + e.getMessage(), e);
        }
    }

    private static void restrictToOwner(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("could not make {} private to its owner: {}", file, e.toString());
        }
    }

    private Connection open() throws SQLException {
        Connection c = StatementCache.wrap(DriverManager.getConnection(url));
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            // FULL (the default): a 201 means the message survives a power cut, not just a crash of the hub.
            s.execute("PRAGMA synchronous=" + synchronous.name());
            s.execute("PRAGMA busy_timeout=5000");
            s.execute("PRAGMA foreign_keys=ON");
        }
        c.setAutoCommit(false);
        return c;
    }

    @Override
    public <T> T write(Work<T> work) {
        ensureOpen();
        return committer.write(work);
    }

    @Override
    public <T> T writeLazily(Work<T> work) {
        ensureOpen();
        return committer.write(work, false);
    }

    @Override
    public <T> T read(Work<T> work) {
        ensureOpen();
        Connection c;
        try {
            c = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for the database", e);
        }
        try {
            T result = work.run(c);
            c.rollback(); // ends the read snapshot so the next read sees newer commits
            return result;
        } catch (SQLException | RuntimeException e) {
            rollback(c);
            throw translate(e);
        } finally {
            readers.add(c);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreUnavailableException("the store is closed", null);
        }
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is already unusable; the original error says why
        }
    }

    private RuntimeException translate(Exception e) {
        if (e instanceof RuntimeException r && !(r instanceof IllegalStateException)) {
            return r;
        }
        return new StoreUnavailableException(describe(e), e);
    }

    private static String describe(Exception e) {
        if (e instanceof SQLiteException s) {
            SQLiteErrorCode code = s.getResultCode();
            return switch (code.code & 0xFF) {
                case 5, 6 -> "the database is locked by another process";
                case 8 -> "the database file is read-only";
                case 13 -> "the disk holding the database is full";
                case 10 -> "the database could not be read or written (I/O error)";
                default -> "the database refused the operation: " + s.getMessage();
            };
        }
        return "the database failed: " + e.getMessage();
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        return e instanceof SQLiteException s
                && (s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                || s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY);
    }

    /** FTS5 (migration V90); each word a quoted phrase, so nothing in it is FTS5 syntax. */
    @Override
    public String textMatchCondition() {
        return "m.seq IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)";
    }

    @Override
    public String textMatchParameter(List<String> words) {
        return words.stream().map(w -> "\"" + w + "\"").collect(java.util.stream.Collectors.joining(" "));
    }

    /** Migration V120: one FTS5 segment for the whole batch, instead of one per message's own transaction. */
    @Override
    public boolean indexesTextInBatches() {
        return true;
    }

    @Override
    public boolean indexText(Connection c) throws SQLException {
        long mark = queryLong(c, INDEX_MARK);
        long end = queryLong(c, INDEX_BATCH_END, mark, INDEX_BATCH);
        if (end <= mark) {
            return false; // MAX over no rows is NULL, read as 0
        }
        try (PreparedStatement index = c.prepareStatement(INDEX_TEXT);
             PreparedStatement move = c.prepareStatement(MOVE_INDEX_MARK)) {
            index.setLong(1, mark);
            index.setLong(2, end);
            index.executeUpdate();
            move.setLong(1, end);
            move.executeUpdate();
        }
        return queryLong(c, MORE_TO_INDEX, end) == 1;
    }

    private static long queryLong(Connection c, String sql, long... parameters) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setLong(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    @Override
    public void close() {
        closeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            committer.close();
            closeQuietly(writer);
            Connection c;
            while ((c = readers.poll()) != null) {
                closeQuietly(c);
            }
        } finally {
            closeLock.unlock();
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("closing a connection failed", e);
        }
    }
}
