package dev.mosaic.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * A connection that keeps its prepared statements and hands them out again. sqlite-jdbc parses and plans the SQL on
 * every {@code prepareStatement}: 60 µs for the push claim, as much as running it, on every send (BENCHMARKS.md).
 *
 * <p>A kept statement's {@code close()} only clears its parameters; its result sets are closed by their callers,
 * which resets it, so no read snapshot stays open. A statement still open when the same SQL is prepared again (a
 * query run inside the loop over its own results) gets a fresh, unkept one instead. Like the connection, the cache
 * belongs to one thread at a time: the database hands the connection out under its own lock or queue.
 */
final class StatementCache implements InvocationHandler {
    private final Connection connection;
    private final Map<String, Kept> kept = new HashMap<>();

    private StatementCache(Connection connection) {
        this.connection = connection;
    }

    /** The connection, with {@code prepareStatement(String)} served from the cache; closing it closes them all. */
    static Connection wrap(Connection connection) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new StatementCache(connection));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("prepareStatement") && args != null && args.length == 1) {
            return prepare((String) args[0]);
        }
        if (method.getName().equals("close") && args == null) {
            closeKept();
        }
        return forward(connection, method, args);
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        Kept k = kept.get(sql);
        if (k == null) {
            k = new Kept(connection.prepareStatement(sql));
            kept.put(sql, k);
        } else if (k.inUse) {
            return connection.prepareStatement(sql); // nested use of the same SQL: its own statement
        }
        k.inUse = true;
        return k.view;
    }

    private void closeKept() {
        for (Kept k : kept.values()) {
            try {
                k.statement.close();
            } catch (SQLException e) {
                // the connection closes next, which finalises what is left
            }
        }
        kept.clear();
    }

    private static Object forward(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** One kept statement and the view callers get, whose close hands it back. */
    private static final class Kept implements InvocationHandler {
        final PreparedStatement statement;
        final PreparedStatement view;
        boolean inUse;

        Kept(PreparedStatement statement) {
            this.statement = statement;
            this.view = (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, this);
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (args == null) {
                switch (method.getName()) {
                    case "close" -> {
                        if (inUse) {
                            inUse = false;
                            statement.clearParameters();
                        }
                        return null;
                    }
                    case "isClosed" -> {
                        return !inUse;
                    }
                    default -> {
                        // forwarded below
                    }
                }
            }
            return forward(statement, method, args);
        }
    }
}
