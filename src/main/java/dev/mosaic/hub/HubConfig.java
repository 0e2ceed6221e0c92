package dev.mosaic.hub;

import dev.mosaic.delivery.RetryPolicy;
import dev.mosaic.delivery.SeenPolicy;
import dev.mosaic.store.Synchronous;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How a hub runs: where it keeps its files, where it listens, its database, its delivery and its abuse limits.
 *
 * @param home      MOSAIC_HOME: hub.json, mosaic.db and logs
 * @param listen    the address and port of the HTTP API and the page
 * @param database  the SQLite file in home, or a PostgreSQL database shared with other hubs
 * @param delivery  how pushes are timed and retried, and when one counts as not seen
 * @param limits    what one pane may send
 * @param stopGrace how long a stopped spawned pane has between SIGTERM and SIGKILL
 */
public record HubConfig(Path home, Listen listen, Database database, Delivery delivery, SendLimits limits,
                        Duration stopGrace) {

    public static final int DEFAULT_PORT = 7420;

    /** The address to listen on (loopback unless the user says otherwise) and the port (0 picks a free one). */
    public record Listen(String bind, int port) { }

    /**
     * A JDBC URL, when not the SQLite file in home; a file holding the PostgreSQL password (its first line), else the
     * URL's password, else PGPASSWORD; and when a SQLite commit counts as done.
     */
    public record Database(Optional<String> url, Optional<Path> passwordFile, Synchronous synchronous) {
        static final Database SQLITE_IN_HOME = new Database(Optional.empty(), Optional.empty(), Synchronous.FULL);
    }

    /**
     * How long a channel has to accept a push, how failed pushes are retried, and when a pushed message counts as not
     * seen (DESIGN.md §10).
     */
    public record Delivery(Duration pushTimeout, RetryPolicy retry, SeenPolicy seen) { }

    /** A pane's send rate (a burst, then so many per second) and the loop guard (so many to one peer per window). */
    public record SendLimits(int burst, double perSecond, int loopLimit, Duration loopWindow) { }

    public static HubConfig defaults(Path home) {
        return new HubConfig(home, new Listen("127.0.0.1", DEFAULT_PORT), Database.SQLITE_IN_HOME,
                new Delivery(Duration.ofSeconds(2), RetryPolicy.defaults(), SeenPolicy.defaults()),
                new SendLimits(500, 100, 60, Duration.ofSeconds(60)), Duration.ofSeconds(5));
    }

    public HubConfig withPort(int p) {
        return new HubConfig(home, new Listen(listen.bind(), p), database, delivery, limits, stopGrace);
    }

    public HubConfig withBind(String b) {
        return new HubConfig(home, new Listen(b, listen.port()), database, delivery, limits, stopGrace);
    }

    /** A JDBC URL; null keeps the SQLite file in home. */
    public HubConfig withDatabase(String url) {
        return with(new Database(Optional.ofNullable(url), database.passwordFile(), database.synchronous()));
    }

    /** The file holding the PostgreSQL password; null: the URL's, else PGPASSWORD. */
    public HubConfig withDatabasePasswordFile(Path file) {
        return with(new Database(database.url(), Optional.ofNullable(file), database.synchronous()));
    }

    /** When a SQLite commit counts as done: FULL (the default) or NORMAL, which a power cut may undo. */
    public HubConfig withSynchronous(Synchronous level) {
        return with(new Database(database.url(), database.passwordFile(), level));
    }

    private HubConfig with(Database d) {
        return new HubConfig(home, listen, d, delivery, limits, stopGrace);
    }

    public HubConfig withRetry(RetryPolicy r) {
        return new HubConfig(home, listen, database, new Delivery(delivery.pushTimeout(), r, delivery.seen()), limits,
                stopGrace);
    }

    public HubConfig withSeen(SeenPolicy s) {
        return new HubConfig(home, listen, database, new Delivery(delivery.pushTimeout(), delivery.retry(), s), limits,
                stopGrace);
    }

    public HubConfig withLoopLimit(int limit, Duration window) {
        return new HubConfig(home, listen, database, delivery,
                new SendLimits(limits.burst(), limits.perSecond(), limit, window), stopGrace);
    }

    public HubConfig withSendRate(int burst, double perSecond) {
        return new HubConfig(home, listen, database, delivery,
                new SendLimits(burst, perSecond, limits.loopLimit(), limits.loopWindow()), stopGrace);
    }

    public HubConfig withStopGrace(Duration grace) {
        return new HubConfig(home, listen, database, delivery, limits, grace);
    }
}
