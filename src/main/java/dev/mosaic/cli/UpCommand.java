package dev.mosaic.cli;

import dev.mosaic.client.HubAddress;
import dev.mosaic.hub.Hub;
import dev.mosaic.hub.HubConfig;
import dev.mosaic.model.Quote;
import dev.mosaic.store.Synchronous;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;

/** Runs the hub in the foreground until SIGTERM or Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Run the hub in the foreground (stop it with Ctrl-C or SIGTERM).")
final class UpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "P", description = "port to listen on; 0 picks a free one (default: 7420)")
    int port = HubConfig.DEFAULT_PORT;

    @Option(names = "--bind", paramLabel = "ADDR",
            description = "address to listen on (default: 127.0.0.1). Anything but loopback needs --allow-remote")
    String bind = "127.0.0.1";

    @Option(names = "--allow-remote",
            description = "let --bind take an address that is not loopback (the hub is then reachable from other "
                    + "machines: put TLS in front of it)")
    boolean allowRemote;

    @Option(names = "--db", paramLabel = "JDBC_URL",
            description = "database (default: the SQLite file MOSAIC_HOME/mosaic.db); several hubs may share one "
                    + "PostgreSQL database: jdbc:postgresql://HOST[:PORT]/DATABASE?user=NAME")
    String database;

    @Option(names = "--db-password-file", paramLabel = "FILE",
            description = "PostgreSQL: read the password from the first line of FILE (default: the URL's password, "
                    + "else the PGPASSWORD variable)")
    java.nio.file.Path databasePasswordFile;

    @Option(names = "--synchronous", paramLabel = "full|normal",
            description = "SQLite only: when a sent message counts as stored. full (default): on disk, a power cut "
                    + "keeps it; normal: written without waiting for the disk, faster, and a power cut or an OS crash "
                    + "may lose the last moments' messages (a crash of the hub alone loses none)")
    String synchronous = "full";

    @Option(names = "--open", description = "open the web workstation's login link in a browser, if one is found")
    boolean open;

    private final Map<String, String> env;

    UpCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (port < 0 || port > 65535) {
            throw new UsageError("--port must be from 0 to 65535");
        }
        checkBind(err);
        HubConfig config = HubConfig.defaults(HubAddress.home(env)).withPort(port).withBind(bind)
                .withDatabase(database).withDatabasePasswordFile(databasePasswordFile)
                .withSynchronous(synchronousLevel());
        Hub hub;
        try {
            hub = Hub.start(config);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        } catch (RuntimeException e) {
            err.println("mosaic: the hub could not start: " + rootMessage(e));
            err.flush();
            return Cli.FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            hub.close();
            stopped.countDown();
        }, "mosaic-shutdown"));
        out.println("Mosaic hub listening on " + hub.url());
        out.println("Operator token in " + config.home().resolve("hub.json") + "; stop with Ctrl-C.");
        if (config.database().synchronous() == Synchronous.NORMAL) {
            out.println("Commits do not wait for the disk (--synchronous normal): a power cut may lose the last "
                    + "moments' messages.");
        }
        String link = hub.newLoginLink();
        out.println("Open the workstation (this link works once, for 5 minutes; ./mosaic login prints a new one):");
        out.println("  " + link);
        out.flush();
        if (open) {
            new BrowserOpener(env).open(link).ifPresent(why -> {
                err.println("mosaic: " + why);
                err.flush();
            });
        }
        stopped.await();
        return Cli.OK;
    }

    private void checkBind(PrintWriter err) {
        try {
            InetAddress a = InetAddress.getByName(bind);
            if (!a.isLoopbackAddress()) {
                if (!allowRemote) {
                    throw new UsageError("--bind " + bind + " is not a loopback address: the hub would be reachable "
                            + "from other machines; add --allow-remote if that is what you want (and put TLS in front)");
                }
                err.println("mosaic: warning: listening on " + bind + " exposes the hub beyond this machine; "
                        + "put TLS in front of it");
            }
        } catch (UnknownHostException e) {
            throw new UsageError("--bind " + bind + " is not an address of this machine");
        }
    }

    private Synchronous synchronousLevel() {
        return switch (synchronous.toLowerCase(Locale.ROOT)) {
            case "full" -> Synchronous.FULL;
            case "normal" -> Synchronous.NORMAL;
            default -> throw new UsageError("--synchronous takes full or normal, not " + Quote.of(synchronous));
        };
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        // A message that already tells its cause (the PostgreSQL store's do) needs it only once.
        return t == e || m.contains(String.valueOf(t.getMessage())) ? m : m + " (" + t.getMessage() + ")";
    }
}
