package dev.mosaic.testing;

import dev.mosaic.store.PostgresDatabase;
import dev.mosaic.store.PostgresTarget;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server of this machine's (Debian's package), made for the test run: initdb in a temporary folder,
 * pg_ctl on a free loopback port, password authentication over TCP. PostgreSQL refuses to run as root, so when the
 * JVM is root (CI) the server's commands run as {@code nobody} in a folder that user owns. {@link #shared} gives
 * every test class the same server, stopped when the run ends; {@link #start} a private one a test may stop.
 */
public final class PostgresServer implements AutoCloseable {
    public static final String USER = "mosaic";
    public static final String PASSWORD = "test-" + UUID.randomUUID();

    private final Path dir;
    private final Path bin;
    private final int port;
    private final boolean durable;
    private final Thread shutdownHook;
    private boolean running;
    private boolean migratedTemplate;

    private PostgresServer(Path dir, Path bin, int port, boolean durable) {
        this.durable = durable;
        this.dir = dir;
        this.bin = bin;
        this.port = port;
        this.shutdownHook = new Thread(this::stopQuietly, "postgres-test-stop");
    }

    /** The run's server, started by the first test that asks; JUnit closes it when the run ends. */
    public static PostgresServer shared(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(PostgresServer.class, k -> start(), PostgresServer.class);
    }

    /** A fresh server of its own, with fsync off (tests need no durability). */
    public static PostgresServer start() {
        return start(false);
    }

    /** A fresh server of its own; durable: fsync and synchronous commit on, as a real deployment (benchmarks). */
    public static PostgresServer start(boolean durable) {
        Path bin = findBin();
        try {
            Path dir = Files.createTempDirectory("mosaic-pg-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Files.writeString(dir.resolve("pwfile"), PASSWORD + "\n");
            if (isRoot()) {
                run(List.of("chown", "-R", "nobody", dir.toString()));
            }
            PostgresServer server = new PostgresServer(dir, bin, Ports.free(), durable);
            server.asOwner(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", USER,
                    "--pwfile=" + dir.resolve("pwfile"), "--auth-local=trust", "--auth-host=scram-sha-256",
                    "-E", "UTF8", "--locale=C", "--no-sync"));
            Runtime.getRuntime().addShutdownHook(server.shutdownHook);
            server.pgCtlStart();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** A JDBC URL for a database, without the password (it is {@link #PASSWORD}). */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER;
    }

    /** Makes an empty database with a fresh name and returns that name. */
    public String newDatabase() {
        return create("");
    }

    /**
     * Makes a database with a fresh name and Mosaic's schema, and returns that name: a copy of one migrated once, so
     * each test does not pay for the migrations (the first one still runs them all from empty).
     */
    public synchronized String newMigratedDatabase() {
        if (!migratedTemplate) {
            try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE mosaic_template");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create the template database: " + e.getMessage(), e);
            }
            PostgresDatabase.open(PostgresTarget.parse(url("mosaic_template"), Optional.of(PASSWORD))).close();
            migratedTemplate = true;
        }
        return create(" TEMPLATE mosaic_template");
    }

    private String create(String template) {
        String name = "t_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + template);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database: " + e.getMessage(), e);
        }
        return name;
    }

    public Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("password", PASSWORD);
        return DriverManager.getConnection(url(database), p);
    }

    /** Stops the server fast (no checkpoint): like a crash of the database, for outage tests. */
    public synchronized void stop() {
        if (running) {
            asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
                    "-w", "stop"));
            running = false;
        }
    }

    /** Starts it again on the same port, with its data. */
    public synchronized void restart() {
        if (!running) {
            pgCtlStart();
        }
    }

    private synchronized void pgCtlStart() {
        asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                dir.resolve("log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c max_connections=200"
                        + (durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"),
                "start"));
        running = true;
    }

    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            // best effort: the folder is removed below either way
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind
        }
    }

    private void asOwner(List<String> command) {
        List<String> cmd = new ArrayList<>();
        if (isRoot()) {
            cmd.addAll(List.of("runuser", "-u", "nobody", "--"));
        }
        cmd.addAll(command);
        run(cmd);
    }

    private static void run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** pg_ctl on the PATH, else the newest of Debian's /usr/lib/postgresql/N/bin. */
    private static Path findBin() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "pg_ctl")) && Files.isExecutable(Path.of(d, "initdb"))) {
                try {
                    return Path.of(d, "pg_ctl").toRealPath().getParent(); // Debian links /usr/bin/pg_ctl to a wrapper
                } catch (IOException e) {
                    continue;
                }
            }
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString())))
                    .orElseThrow();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("no PostgreSQL server binaries (pg_ctl, initdb) found on the PATH or in "
                    + "/usr/lib/postgresql/N/bin: apt-get install postgresql", e);
        }
    }
}
