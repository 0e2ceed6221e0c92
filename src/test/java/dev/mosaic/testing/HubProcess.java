package dev.mosaic.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * `mosaic up` as a real child process (this JDK, this classpath), so a test can kill -9 the hub. Its stdout and
 * stderr go to a log file that grows across restarts.
 */
public final class HubProcess implements AutoCloseable {
    private final Path home;
    private final int port;
    private final Path log;
    private final List<String> extraArgs;
    private Process process;

    public HubProcess(Path home, int port, Path log, String... extraArgs) {
        this.home = home;
        this.port = port;
        this.log = log;
        this.extraArgs = List.of(extraArgs);
    }

    /** Starts the hub and waits until it says it listens. */
    public HubProcess start() {
        int before = logText().split("listening on", -1).length;
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "dev.mosaic.cli.Main", "up", "--port", Integer.toString(port)));
        cmd.addAll(extraArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("MOSAIC_"));
        pb.environment().put("MOSAIC_HOME", home.toString());
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> !process.isAlive()
                || logText().split("listening on", -1).length > before);
        if (!process.isAlive()) {
            throw new AssertionError("the hub did not start: " + logText());
        }
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Process process() {
        return process;
    }

    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: no shutdown hook runs, no transaction is finished. */
    public void kill9() {
        process.destroyForcibly();
        waitGone();
    }

    /** SIGTERM: the hub stops cleanly. */
    public void stop() {
        process.destroy();
        waitGone();
    }

    private void waitGone() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            waitGone();
        }
    }
}
