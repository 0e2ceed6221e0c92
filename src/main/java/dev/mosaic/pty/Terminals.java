package dev.mosaic.pty;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import dev.mosaic.model.TerminalSize;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntConsumer;

/**
 * Every spawned pane's terminal in this hub: starts them, finds them, stops them. Closing it stops every one
 * (SIGTERM to each group, then SIGKILL after the grace), so no process the hub started outlives it.
 */
public final class Terminals implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Terminals.class);
    public static final int SCROLLBACK_BYTES = 1024 * 1024;

    private final Map<String, String> baseEnv;
    private final Duration grace;
    private final Terminal.Limits limits;
    private final Map<String, Terminal> byPane = new ConcurrentHashMap<>();
    // pty4j's start is native (fork, exec, waiting for the child): on a virtual thread it would pin a carrier, and
    // the hub serves requests on virtual threads (MEASURED.md). Starts run on platform threads instead.
    private final ExecutorService starter = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("mosaic-pty-start-", 0).factory());
    private volatile boolean closed;

    /**
     * @param baseEnv the environment every pane starts from (the hub's own)
     * @param grace   how long a stopped group has between SIGTERM and SIGKILL
     */
    public Terminals(Map<String, String> baseEnv, Duration grace) {
        this.baseEnv = Map.copyOf(baseEnv);
        this.grace = grace;
        // A viewer may fall a few scrollbacks behind before it is dropped; input waits up to 1 MiB.
        this.limits = new Terminal.Limits(SCROLLBACK_BYTES, 4L * SCROLLBACK_BYTES, 1024 * 1024);
        nativeLibraryHome();
    }

    /**
     * pty4j extracts libpty.so into a new temporary folder at every start, never removed, unless the system property
     * {@code pty4j.tmpdir} names an existing absolute directory (MEASURED.md); the launcher sets it, this makes it.
     */
    private static void nativeLibraryHome() {
        String dir = System.getProperty("pty4j.tmpdir");
        if (dir != null && !dir.isBlank()) {
            try {
                Files.createDirectories(Path.of(dir));
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot create pty4j.tmpdir {}: {}", dir, e.toString());
            }
        }
    }

    /** Refuses a spec that cannot run (not a directory, no such executable) before anything is stored. */
    public void check(SpawnSpec spec) throws SpawnException {
        executable(spec);
    }

    /** Starts the command in a new pseudo-terminal; onExit gets its exit code (128+n for signal n). */
    public Terminal spawn(String paneId, SpawnSpec spec, IntConsumer onExit) throws SpawnException {
        if (closed) {
            throw new IllegalStateException("the hub is shutting down");
        }
        Path exe = executable(spec);
        String[] command = spec.command().toArray(String[]::new);
        // The resolved path, so that the PATH searched is the pane's (its env may set one) and the check above
        // and the exec agree on the file.
        command[0] = exe.toString();
        TerminalSize size = spec.size();
        PtyProcessBuilder builder = new PtyProcessBuilder(command)
                .setEnvironment(environment(spec))
                .setDirectory(spec.cwd().toString())
                .setInitialColumns(size.cols())
                .setInitialRows(size.rows())
                .setRedirectErrorStream(true);
        PtyProcess process;
        try {
            process = starter.submit(builder::start).get();
        } catch (ExecutionException e) {
            throw new SpawnException(SpawnException.Reason.BAD_COMMAND, "cannot start " + spec.command().getFirst()
                    + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + spec.command().getFirst(), e);
        }
        Terminal t = new Terminal(paneId, process, size, limits, onExit);
        byPane.put(paneId, t);
        if (closed) {
            // close() ran while this one started: it must not survive the hub either.
            stopQuietly(t);
        }
        return t;
    }

    public Optional<Terminal> get(String paneId) {
        return Optional.ofNullable(byPane.get(paneId));
    }

    /** Stops a pane's process group (graceful, then forced) and forgets its terminal; blocks until it is gone. */
    public void stop(String paneId) throws InterruptedException {
        Terminal t = byPane.remove(paneId);
        if (t != null) {
            t.stop(grace);
        }
    }

    /** Stops every terminal at once (their graces run together), then returns. */
    @Override
    public void close() {
        closed = true;
        starter.shutdown();
        List<Terminal> all = List.copyOf(byPane.values());
        byPane.clear();
        if (all.isEmpty()) {
            return;
        }
        LOG.info("stopping {} spawned pane(s)", all.size());
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Terminal t : all) {
                ex.submit(() -> stopQuietly(t));
            }
        }
    }

    private void stopQuietly(Terminal t) {
        try {
            t.stop(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("pane {}: stopping process group {} failed", t.paneId(), t.pid(), e);
        }
    }

    private Map<String, String> environment(SpawnSpec spec) {
        Map<String, String> env = new HashMap<>(baseEnv);
        env.put("TERM", "xterm-256color");
        env.putAll(spec.env());
        return env;
    }

    private Path executable(SpawnSpec spec) throws SpawnException {
        if (!Files.isDirectory(spec.cwd())) {
            throw new SpawnException(SpawnException.Reason.BAD_CWD, spec.cwd() + " is not a directory");
        }
        String name = spec.command().getFirst();
        String path = spec.env().getOrDefault("PATH", baseEnv.get("PATH"));
        return Executables.resolve(name, spec.cwd(), path).orElseThrow(() -> new SpawnException(
                SpawnException.Reason.BAD_COMMAND, "cannot run " + name + ": "
                + (name.contains("/") ? "no executable file there" : "no executable of that name on PATH")));
    }
}
