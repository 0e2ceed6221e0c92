package dev.mosaic.hub;

import dev.mosaic.delivery.RetryPolicy;
import dev.mosaic.delivery.SeenPolicy;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a hub runs: where it keeps its files, where it listens, and its delivery and abuse limits.
 *
 * @param home        MOSAIC_HOME: hub.json, mosaic.db and logs
 * @param bind        the address to listen on (loopback unless the user says otherwise)
 * @param port        the port; 0 picks a free one
 * @param database    a JDBC URL, or null for the SQLite file in home
 * @param pushTimeout how long a channel has to accept a push
 * @param stopGrace   how long a stopped spawned pane has between SIGTERM and SIGKILL
 * @param seen        when a pushed message counts as not seen, and how often that is checked (DESIGN.md §10)
 * @param databasePasswordFile a file holding the PostgreSQL password (its first line), or null: then the URL's
 *                    password, else PGPASSWORD
 */
public record HubConfig(Path home, String bind, int port, String database, Duration pushTimeout, RetryPolicy retry,
                        int sendBurst, double sendsPerSecond, int loopLimit, Duration loopWindow,
                        Duration stopGrace, SeenPolicy seen, Path databasePasswordFile) {

    public static final int DEFAULT_PORT = 7420;

    public static HubConfig defaults(Path home) {
        return new HubConfig(home, "127.0.0.1", DEFAULT_PORT, null, Duration.ofSeconds(2), RetryPolicy.defaults(),
                500, 100, 60, Duration.ofSeconds(60), Duration.ofSeconds(5), SeenPolicy.defaults(), null);
    }

    public HubConfig withPort(int p) {
        return new HubConfig(home, bind, p, database, pushTimeout, retry, sendBurst, sendsPerSecond, loopLimit,
                loopWindow, stopGrace, seen, databasePasswordFile);
    }

    public HubConfig withBind(String b) {
        return new HubConfig(home, b, port, database, pushTimeout, retry, sendBurst, sendsPerSecond, loopLimit,
                loopWindow, stopGrace, seen, databasePasswordFile);
    }

    public HubConfig withDatabase(String url) {
        return new HubConfig(home, bind, port, url, pushTimeout, retry, sendBurst, sendsPerSecond, loopLimit,
                loopWindow, stopGrace, seen, databasePasswordFile);
    }

    public HubConfig withRetry(RetryPolicy r) {
        return new HubConfig(home, bind, port, database, pushTimeout, r, sendBurst, sendsPerSecond, loopLimit,
                loopWindow, stopGrace, seen, databasePasswordFile);
    }

    public HubConfig withLoopLimit(int limit, Duration window) {
        return new HubConfig(home, bind, port, database, pushTimeout, retry, sendBurst, sendsPerSecond, limit, window,
                stopGrace, seen, databasePasswordFile);
    }

    public HubConfig withSendRate(int burst, double perSecond) {
        return new HubConfig(home, bind, port, database, pushTimeout, retry, burst, perSecond, loopLimit, loopWindow,
                stopGrace, seen, databasePasswordFile);
    }

    public HubConfig withStopGrace(Duration grace) {
        return new HubConfig(home, bind, port, database, pushTimeout, retry, sendBurst, sendsPerSecond, loopLimit,
                loopWindow, grace, seen, databasePasswordFile);
    }

    public HubConfig withDatabasePasswordFile(Path file) {
        return new HubConfig(home, bind, port, database, pushTimeout, retry, sendBurst, sendsPerSecond, loopLimit,
                loopWindow, stopGrace, seen, file);
    }

    public HubConfig withSeen(SeenPolicy s) {
        return new HubConfig(home, bind, port, database, pushTimeout, retry, sendBurst, sendsPerSecond, loopLimit,
                loopWindow, stopGrace, s, databasePasswordFile);
    }
}
