package dev.mosaic.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * Connections to one database, and what differs between the databases Mosaic runs on. The store's SQL is
 * written once; a dialect only says how to connect, migrate and read its errors.
 */
public interface Database extends AutoCloseable {

    /** Work against a connection; one call is one transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs work in a write transaction: committed when it returns, rolled back when it throws. */
    <T> T write(Work<T> work);

    /**
     * Runs work in a write transaction whose commit need not reach the disk before it returns: it survives the hub's
     * crash, and may be lost only with the machine (a power cut), until the next durable write makes it durable too.
     * For a write whose loss the contract already covers; a database without the distinction writes it durably.
     */
    default <T> T writeLazily(Work<T> work) {
        return write(work);
    }

    /** Runs read-only work against a consistent snapshot. */
    <T> T read(Work<T> work);

    /** Whether the error is a unique-constraint violation. */
    boolean isUniqueViolation(SQLException e);

    /**
     * Holds this send's transaction until every other send to these recipients has committed, so per recipient seq
     * order is commit order. Nothing to do where one writer commits at a time (SQLite).
     */
    default void lockRecipients(Connection c, Collection<String> recipientIds) throws SQLException {
    }

    /**
     * Full-text search (DESIGN §6): a condition on the messages row {@code m} that holds when its subject or text
     * has every word of one bound parameter, which {@link #textMatchParameter} makes from the words.
     */
    String textMatchCondition();

    /** The parameter of {@link #textMatchCondition} for these words (letters and digits only, never empty). */
    String textMatchParameter(List<String> words);

    /**
     * Whether a message reaches the full-text index only through {@link #indexText}, in batches, rather than as it is
     * written: then a search must bring the index up to date first.
     */
    default boolean indexesTextInBatches() {
        return false;
    }

    /**
     * Adds to the full-text index the oldest messages written since its last call, a bounded batch of them, in the
     * caller's write transaction; whether more are left for another call.
     */
    default boolean indexText(Connection c) throws SQLException {
        return false;
    }

    /**
     * Calls {@code paneId} for each pane a message is queued for by any connection to this database (null after
     * notifications may have been missed). Nothing to tell where one hub uses the database (SQLite).
     */
    default AutoCloseable onQueued(java.util.function.Consumer<String> paneId) {
        return () -> { };
    }

    @Override
    void close();
}
