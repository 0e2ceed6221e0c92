package dev.mosaic.store;

import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A PostgreSQL database, which several hubs may share. Each call takes a connection from a small pool and runs as one
 * READ COMMITTED transaction; the store's guarded statements (a status move whose WHERE names the status it leaves)
 * stay correct under it, because PostgreSQL re-checks an UPDATE's WHERE on the row it waited for. A connection that
 * broke is dropped, and the next call opens a new one: the hub reconnects by itself, and meanwhile every call fails
 * with {@link StoreUnavailableException} (HTTP 503).
 */
public final class PostgresDatabase implements Database {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresDatabase.class);
    private static final int POOL = 8;
    /** A write that lost a deadlock or a serialization race runs again this many times in all. */
    private static final int ATTEMPTS = 3;
    /** How often a listener calls with null (look at everything), whether or not notifications came. */
    private static final java.time.Duration SWEEP = java.time.Duration.ofSeconds(5);

    private final PostgresTarget target;
    private final PGSimpleDataSource source;
    private final Semaphore permits = new Semaphore(POOL, true);
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    private PostgresDatabase(PostgresTarget target, PGSimpleDataSource source) {
        this.target = target;
        this.source = source;
    }

    /**
     * Connects, checks the connection works and migrates the schema.
     *
     * @throws StoreUnavailableException naming what failed (host unknown or refusing, password, database missing)
     */
    public static PostgresDatabase open(PostgresTarget target) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(target.safeUrl());
        target.password().ifPresent(source::setPassword);
        source.setConnectTimeout(5);
        source.setTcpKeepAlive(true);
        source.setApplicationName("mosaic-hub");
        try (Connection c = source.getConnection()) {
            c.isValid(5);
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot connect to the PostgreSQL database at " + target.where() + ": "
                    + reason(e), e);
        }
        try {
            Flyway.configure()
                    .dataSource(source)
                    .locations("classpath:db/migration/postgresql")
                    .loggers("slf4j")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("cannot migrate the PostgreSQL database at " + target.where() + ": "
                    + e.getMessage(), e);
        }
        LOG.info("store: PostgreSQL at {}", target.where());
        return new PostgresDatabase(target, source);
    }

    /** What the driver said, in a sentence a user can act on. */
    static String reason(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return switch (state) {
            case "28P01", "28000" -> "the server refused the user or password (" + e.getMessage() + ")";
            case "3D000" -> "no such database (" + e.getMessage() + ")";
            case "08001", "08004", "08006" -> "the server cannot be reached (" + rootMessage(e) + ")";
            case "57P01", "57P02", "57P03" -> "the server is shutting down or starting up (" + e.getMessage() + ")";
            default -> e.getMessage();
        };
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + t;
    }

    @Override
    public <T> T write(Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return run(work, false);
            } catch (RetryableException e) {
                if (attempt == ATTEMPTS) {
                    throw new StoreUnavailableException("the database kept refusing a write: " + e.getMessage(), e);
                }
            }
        }
    }

    @Override
    public <T> T read(Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return run(work, true);
            } catch (RetryableException e) {
                if (attempt == ATTEMPTS) {
                    throw new StoreUnavailableException("the database kept refusing a read: " + e.getMessage(), e);
                }
            }
        }
    }

    /** A transaction that lost a deadlock or serialization race: nothing of it was kept, and it may run again. */
    private static final class RetryableException extends RuntimeException {
        RetryableException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private <T> T run(Work<T> work, boolean readOnly) {
        Connection c = acquire();
        boolean broken = false;
        try {
            T result = work.run(c);
            if (readOnly) {
                c.rollback();
            } else {
                c.commit();
            }
            return result;
        } catch (SQLException e) {
            broken = rollback(c) || isConnectionFailure(e);
            if (isConnectionFailure(e)) {
                discardIdle(); // the server went away: the others are as dead as this one
            }
            if (isRetryable(e)) {
                throw new RetryableException(e);
            }
            throw translate(e);
        } catch (RuntimeException e) {
            broken = rollback(c);
            throw e;
        } finally {
            release(c, broken);
        }
    }

    private Connection acquire() {
        if (closed) {
            throw new StoreUnavailableException("the store is closed", null);
        }
        try {
            if (!permits.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new StoreUnavailableException("every connection to the database at " + target.where()
                        + " stayed busy for 30 s", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for the database", e);
        }
        Connection c = idle.pollFirst();
        if (c != null) {
            return c;
        }
        try {
            c = source.getConnection();
            c.setAutoCommit(false);
            return c;
        } catch (SQLException e) {
            permits.release();
            throw new StoreUnavailableException("cannot reach the PostgreSQL database at " + target.where() + ": "
                    + reason(e), e);
        }
    }

    private void release(Connection c, boolean broken) {
        try {
            if (broken || closed) {
                closeQuietly(c);
            } else {
                idle.addFirst(c);
            }
        } finally {
            permits.release();
        }
    }

    /**
     * Closes every idle connection, so the calls after an outage open fresh ones instead of each finding a dead one
     * (one 503 per pooled connection after the server is back).
     */
    private void discardIdle() {
        Connection idleOne;
        while ((idleOne = idle.pollFirst()) != null) {
            closeQuietly(idleOne);
        }
    }

    /** Rolls back; true when that failed, so the connection is no good any more. */
    private static boolean rollback(Connection c) {
        try {
            c.rollback();
            return false;
        } catch (SQLException e) {
            return true;
        }
    }

    private static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("57P");
    }

    private static boolean isRetryable(SQLException e) {
        return "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
    }

    private RuntimeException translate(SQLException e) {
        if ("22021".equals(e.getSQLState()) || "22P05".equals(e.getSQLState())) {
            return new UnstorableTextException("PostgreSQL cannot store a text with a NUL character (U+0000)", e);
        }
        if (isConnectionFailure(e)) {
            return new StoreUnavailableException("lost the PostgreSQL database at " + target.where() + ": "
                    + reason(e), e);
        }
        return new StoreUnavailableException("the database refused the operation: " + e.getMessage(), e);
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    /**
     * Sends to one recipient commit in seq order: the sequence hands out numbers at insert, not at commit, so two
     * sends racing (on one hub or two) could otherwise commit the later seq first and have it pushed first. A
     * transaction-scoped advisory lock per recipient, taken in a fixed order, holds a second send until the first
     * commits.
     */
    @Override
    public void lockRecipients(Connection c, Collection<String> recipientIds) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            for (String id : recipientIds.stream().distinct().sorted().toList()) {
                s.setString(1, id);
                s.execute();
            }
        }
    }

    /**
     * Listens on a notification channel with a connection of its own, calling {@code onPayload} for each payload
     * (on the listener's thread). A broken connection is replaced, once a second at most, until closed; after a
     * reconnect {@code onPayload} gets null, since notifications sent meanwhile are lost and the caller must look;
     * and null every {@link #SWEEP} too, as a safety net.
     */
    public AutoCloseable listen(String channel, Consumer<String> onPayload) {
        Listener l = new Listener(channel, onPayload);
        l.thread = Thread.ofVirtual().name("pg-listen-" + channel).start(l::run);
        return l;
    }

    /** LISTEN mosaic_queued: the trigger of migration V91 names the pane of every message queued. */
    @Override
    public AutoCloseable onQueued(Consumer<String> paneId) {
        return listen("mosaic_queued", paneId);
    }

    private final class Listener implements AutoCloseable {
        private final String channel;
        private final Consumer<String> onPayload;
        private volatile boolean stopped;
        private volatile Connection connection;
        private Thread thread;

        Listener(String channel, Consumer<String> onPayload) {
            this.channel = channel;
            this.onPayload = onPayload;
        }

        void run() {
            boolean first = true;
            while (!stopped && !closed) {
                try (Connection c = source.getConnection()) {
                    connection = c;
                    try (Statement s = c.createStatement()) {
                        s.execute("LISTEN " + channel);
                    }
                    if (!first) {
                        onPayload.accept(null);
                    }
                    first = false;
                    PGConnection pg = c.unwrap(PGConnection.class);
                    long sweepAt = System.nanoTime() + SWEEP.toNanos();
                    while (!stopped && !closed) {
                        PGNotification[] got = pg.getNotifications(1000);
                        if (got != null) {
                            for (PGNotification n : got) {
                                onPayload.accept(n.getParameter());
                            }
                        }
                        if (System.nanoTime() - sweepAt >= 0) {
                            onPayload.accept(null); // the safety net: a notification lost on the way is made good
                            sweepAt = System.nanoTime() + SWEEP.toNanos();
                        }
                    }
                } catch (SQLException | RuntimeException e) {
                    if (stopped || closed) {
                        return;
                    }
                    first = false;
                    LOG.warn("listening for {} on {} failed, retrying: {}", channel, target.where(),
                            e instanceof SQLException se ? reason(se) : e.toString());
                    try {
                        Thread.sleep(1000); // a dead server is retried once a second, not in a tight loop
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }

        @Override
        public void close() {
            stopped = true;
            Connection c = connection;
            if (c != null) {
                closeQuietly(c);
            }
            if (thread != null) {
                thread.interrupt();
                try {
                    thread.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** The expression of the GIN index of migration V90; plainto_tsquery reads no operators at all. */
    @Override
    public String textMatchCondition() {
        return "to_tsvector('simple', regexp_replace(coalesce(m.subject, '') || ' ' || m.text,"
                + " '[[:punct:][:space:]]+', ' ', 'g')) @@ plainto_tsquery('simple', ?)";
    }

    @Override
    public String textMatchParameter(List<String> words) {
        return String.join(" ", words);
    }

    @Override
    public void close() {
        closed = true;
        Connection c;
        while ((c = idle.pollFirst()) != null) {
            closeQuietly(c);
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
