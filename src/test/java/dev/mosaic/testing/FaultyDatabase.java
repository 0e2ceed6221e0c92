package dev.mosaic.testing;

import dev.mosaic.store.Database;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real database with faults on demand: a statement whose SQL contains a chosen fragment fails as a locked or
 * failing SQLite would, and a chosen number of write transactions fail at their end (as a failed commit: nothing
 * of them is kept). Everything else goes through to the wrapped database, so the store under test is the real one.
 */
public final class FaultyDatabase implements Database {
    /** Fails statements containing {@code sql}, {@code remaining} more times. */
    private record Fault(String sql, AtomicInteger remaining) {
    }

    private final Database real;
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final AtomicInteger failingCommits = new AtomicInteger();

    public FaultyDatabase(Database real) {
        this.real = real;
    }

    /** The next {@code times} statements whose SQL contains {@code sqlFragment} fail. */
    public void failStatements(String sqlFragment, int times) {
        faults.add(new Fault(sqlFragment, new AtomicInteger(times)));
    }

    /** Every statement whose SQL contains {@code sqlFragment} fails until {@link #heal}. */
    public void failStatements(String sqlFragment) {
        failStatements(sqlFragment, Integer.MAX_VALUE);
    }

    /** The next {@code times} write transactions fail at their end, keeping nothing. */
    public void failCommits(int times) {
        failingCommits.set(times);
    }

    /** Every fault clears. */
    public void heal() {
        faults.clear();
        failingCommits.set(0);
    }

    @Override
    public <T> T write(Work<T> work) {
        return real.write(c -> {
            T result = work.run(faulty(c));
            if (failingCommits.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw locked("commit");
            }
            return result;
        });
    }

    @Override
    public <T> T read(Work<T> work) {
        return real.read(c -> work.run(faulty(c)));
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        return real.isUniqueViolation(e);
    }

    @Override
    public void lockRecipients(Connection c, java.util.Collection<String> recipientIds) throws SQLException {
        real.lockRecipients(c, recipientIds);
    }

    @Override
    public AutoCloseable onQueued(java.util.function.Consumer<String> paneId) {
        return real.onQueued(paneId);
    }

    @Override
    public String textMatchCondition() {
        return real.textMatchCondition();
    }

    @Override
    public String textMatchParameter(List<String> words) {
        return real.textMatchParameter(words);
    }

    @Override
    public void close() {
        real.close();
    }

    private Connection faulty(Connection c) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("prepare") && args != null && args[0] instanceof String sql) {
                        for (Fault f : faults) {
                            if (sql.contains(f.sql()) && f.remaining().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                                throw locked(f.sql());
                            }
                        }
                    }
                    try {
                        return method.invoke(c, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static SQLException locked(String what) {
        return new SQLException("injected fault at " + what + ": the database is locked");
    }
}
