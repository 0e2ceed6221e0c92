package dev.mosaic.hub;

import dev.mosaic.channel.ClaudeConfigInstaller;
import dev.mosaic.channel.ClaudeHooksInstaller;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * How Claude Code is started in a pane with the Mosaic channel: the one place that builds its command line and
 * environment and makes sure of the MCP entry and hooks, used by {@code mosaic claude} (with the CLI's environment)
 * and by the hub for {@code "agent": "claude"} (with the hub's), so the two cannot start different agents.
 */
public final class ClaudeAgent {
    /** The channel's entry in the MCP config, loaded as a development channel. */
    public static final List<String> CHANNEL_FLAGS = List.of("--dangerously-load-development-channels",
            "server:" + ClaudeConfigInstaller.SERVER_NAME);

    /** Said when there is no {@code lib/hook.sh} beside the launcher. */
    public static final String NO_HOOK = "lib/hook.sh is missing beside the launcher: agent state will not be "
            + "reported (Claude Code's hooks were not installed)";

    /** What a launch is: a pane named {@code name} in {@code cwd}, in its own git worktree or not, with more args. */
    public record Options(String name, Path cwd, boolean worktree, List<String> args) {
        public Options {
            args = List.copyOf(args);
        }
    }

    /**
     * What to spawn: the command line, the variables the pane needs on top of the caller's ({@code HOME}, where the
     * MCP entry was written: Claude Code reads it from there), and what was done or missed, for the caller to say.
     */
    public record Launch(List<String> command, Map<String, String> env, List<Note> notes) {
        public Launch {
            command = List.copyOf(command);
            env = Map.copyOf(env);
            notes = List.copyOf(notes);
        }
    }

    /** A line for the user: a change made to their configuration, or something missing. */
    public record Note(boolean warning, String text) {
    }

    /** Why Claude Code cannot be started as asked; the message says how to fix it. */
    public static final class Refused extends Exception {
        /** What is wrong. */
        public enum Reason { NO_CLAUDE, NO_REPOSITORY, BAD_CONFIG }

        private final Reason reason;

        Refused(Reason reason, String message) {
            super(message);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    private final Map<String, String> env;

    /** @param env the environment Claude Code is looked for in, and whose HOME gets the MCP entry and hooks */
    public ClaudeAgent(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** Claude Code accepts letters, digits, dots, underscores and dashes in a worktree name. */
    public static String worktreeName(String paneName) {
        return paneName.replaceAll("[^A-Za-z0-9._-]", "-");
    }

    /** The hook command shipped beside the launcher ({@code lib/hook.sh}), if it is there and executable. */
    public static Optional<Path> hook(Path launcher) {
        Path hook = launcher.resolveSibling("lib").resolve("hook.sh");
        return Files.isRegularFile(hook) && Files.isExecutable(hook) ? Optional.of(hook) : Optional.empty();
    }

    /**
     * The launcher ({@code ./mosaic}) named by {@code MOSAIC_LAUNCHER}, which the launcher sets, if it is executable.
     * The hub looks nowhere else: a hub not started by the launcher (a test's) leaves the user's HOME alone.
     */
    public static Optional<Path> namedLauncher(Map<String, String> env) {
        String named = env.get("MOSAIC_LAUNCHER");
        if (named == null || named.isBlank()) {
            return Optional.empty();
        }
        Path p = Path.of(named).toAbsolutePath().normalize();
        return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }

    /** HOME from the environment given, else the JVM's. */
    public Path home() {
        String home = env.get("HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"));
    }

    /**
     * Checks what can be checked (Claude Code found, a worktree in a git repository), then makes sure of the MCP
     * entry pointing at {@code launcher} and of the hooks beside it; without a launcher nothing is written, and
     * Claude Code starts without the channel, which a note and its own screen say.
     */
    public Launch prepare(Options options, Optional<Path> launcher) throws Refused, IOException {
        Path claude = binary();
        if (options.worktree() && !inGitRepository(options.cwd())) {
            throw new Refused(Refused.Reason.NO_REPOSITORY, "needs a git repository: " + options.cwd()
                    + " is not in one");
        }
        List<Note> notes = new ArrayList<>();
        Path home = home();
        if (launcher.isEmpty()) {
            notes.add(new Note(true, "no launcher (./mosaic) known: Claude Code's MCP entry and hooks in " + home
                    + " were not checked"));
        } else {
            setUp(home, launcher.get(), notes);
        }
        List<String> command = new ArrayList<>();
        command.add(claude.toString());
        command.addAll(CHANNEL_FLAGS);
        if (options.worktree()) {
            command.add("--worktree");
            command.add(worktreeName(options.name()));
        }
        command.addAll(options.args());
        return new Launch(command, Map.of("HOME", home.toString()), notes);
    }

    /** {@code MOSAIC_CLAUDE}, else {@code claude} on {@code PATH}, as an absolute path. */
    private Path binary() throws Refused {
        String named = env.get("MOSAIC_CLAUDE");
        if (named != null && !named.isBlank()) {
            Path p = Path.of(named).toAbsolutePath().normalize();
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
            throw new Refused(Refused.Reason.NO_CLAUDE, "MOSAIC_CLAUDE=" + named + " is not an executable file");
        }
        for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = dir.isBlank() ? null : Path.of(dir, "claude");
            if (p != null && Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p.toAbsolutePath();
            }
        }
        throw new Refused(Refused.Reason.NO_CLAUDE, "Claude Code is not installed: no `claude` on PATH. Install it "
                + "(npm install -g @anthropic-ai/claude-code) or set MOSAIC_CLAUDE to its path");
    }

    // The hooks go in the user's settings rather than `--settings FILE`: hooks from both would run side by side
    // (shared/CLAUDE-CODE.md), so a user who also ran `mosaic install` would report every event twice.
    private static void setUp(Path home, Path launcher, List<Note> notes) throws Refused, IOException {
        Path config = home.resolve(".claude.json");
        Path settings = home.resolve(".claude").resolve("settings.json");
        try {
            if (ClaudeConfigInstaller.install(config, launcher) != ClaudeConfigInstaller.Result.UNCHANGED) {
                notes.add(new Note(false, "added the Mosaic channel to " + config));
            }
            Optional<Path> hook = hook(launcher);
            if (hook.isEmpty()) {
                notes.add(new Note(true, NO_HOOK));
            } else if (ClaudeHooksInstaller.install(settings, hook.get()) != ClaudeConfigInstaller.Result.UNCHANGED) {
                notes.add(new Note(false, "set Mosaic's hooks in " + settings));
            }
        } catch (ClaudeConfigInstaller.CorruptConfig e) {
            throw new Refused(Refused.Reason.BAD_CONFIG, e.getMessage());
        }
    }

    private static boolean inGitRepository(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        Process git = new ProcessBuilder("git", "-C", dir.toString(), "rev-parse", "--show-toplevel")
                .redirectErrorStream(true).start();
        git.getInputStream().readAllBytes();
        try {
            if (!git.waitFor(30, TimeUnit.SECONDS)) {
                git.destroyForcibly();
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            git.destroyForcibly();
            return false;
        }
        return git.exitValue() == 0;
    }
}
