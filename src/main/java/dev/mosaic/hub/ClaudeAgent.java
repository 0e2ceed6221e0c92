package dev.mosaic.hub;

import dev.mosaic.channel.ClaudeConfigInstaller;
import dev.mosaic.channel.ClaudeHooksInstaller;
import dev.mosaic.model.Quote;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * Claude Code as the hub starts it for {@code "agent": "claude"} (the page's spawn dialog): the binary of the hub's
 * environment ({@code MOSAIC_CLAUDE}, else {@code claude} on {@code PATH}) with the channel loaded as a development
 * channel, the MCP entry and hook set made sure of in the hub's {@code HOME}, as {@code mosaic claude} does, so a
 * browser needs to know none of it.
 */
public final class ClaudeAgent {
    private static final Logger LOG = LoggerFactory.getLogger(ClaudeAgent.class);

    /** The channel's entry in the MCP config, loaded as a development channel. */
    public static final List<String> CHANNEL_FLAGS = List.of("--dangerously-load-development-channels",
            "server:" + ClaudeConfigInstaller.SERVER_NAME);

    private final Map<String, String> env;

    /** @param env the hub's environment: where Claude Code, the launcher and HOME are */
    ClaudeAgent(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** Claude Code accepts letters, digits, dots, underscores and dashes in a worktree name. */
    public static String worktreeName(String paneName) {
        return paneName.replaceAll("[^A-Za-z0-9._-]", "-");
    }

    /**
     * The command line for a pane named {@code name} in {@code cwd}: 400 {@code bad_command} without Claude Code,
     * 400 {@code bad_cwd} for a worktree outside a git repository.
     */
    List<String> command(String name, Path cwd, boolean worktree, List<String> args) {
        Path claude = binary();
        if (worktree && !inGitRepository(cwd)) {
            throw new ApiError(400, "bad_cwd", "'worktree' needs a git repository: " + Quote.of(cwd.toString())
                    + " is not in one");
        }
        ensureSetup();
        List<String> command = new ArrayList<>();
        command.add(claude.toString());
        command.addAll(CHANNEL_FLAGS);
        if (worktree) {
            command.add("--worktree");
            command.add(worktreeName(name));
        }
        command.addAll(args);
        return command;
    }

    private Path binary() {
        String named = env.get("MOSAIC_CLAUDE");
        if (named != null && !named.isBlank()) {
            Path p = Path.of(named).toAbsolutePath().normalize();
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
            throw new ApiError(400, "bad_command", "the hub's MOSAIC_CLAUDE=" + named + " is not an executable file");
        }
        for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = dir.isBlank() ? null : Path.of(dir, "claude");
            if (p != null && Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p.toAbsolutePath();
            }
        }
        throw new ApiError(400, "bad_command", "Claude Code is not installed where the hub runs: no `claude` on its "
                + "PATH. Install it (npm install -g @anthropic-ai/claude-code) or start the hub with MOSAIC_CLAUDE set "
                + "to its path");
    }

    /**
     * The channel's MCP entry and Mosaic's hooks in the HOME the pane inherits. Without the launcher (a hub not
     * started by {@code ./mosaic}) there is nothing to point them at: Claude Code then starts without the channel,
     * which its own screen says.
     */
    private void ensureSetup() {
        String launcherName = env.get("MOSAIC_LAUNCHER");
        String home = env.get("HOME");
        if (launcherName == null || launcherName.isBlank() || home == null || home.isBlank()) {
            LOG.warn("no MOSAIC_LAUNCHER or HOME in the hub's environment: Claude Code's MCP entry and hooks were not "
                    + "checked");
            return;
        }
        Path launcher = Path.of(launcherName).toAbsolutePath().normalize();
        try {
            ClaudeConfigInstaller.install(Path.of(home, ".claude.json"), launcher);
            Optional<Path> hook = Optional.of(launcher.resolveSibling("lib").resolve("hook.sh"))
                    .filter(h -> Files.isRegularFile(h) && Files.isExecutable(h));
            if (hook.isPresent()) {
                ClaudeHooksInstaller.install(Path.of(home, ".claude", "settings.json"), hook.get());
            } else {
                LOG.warn("no lib/hook.sh beside {}: agent state will not be reported", launcher);
            }
        } catch (ClaudeConfigInstaller.CorruptConfig e) {
            throw new ApiError(400, "bad_config", e.getMessage());
        } catch (IOException e) {
            throw new ApiError(500, "internal", "could not write Claude Code's configuration in " + home + ": "
                    + e.getMessage());
        }
    }

    private static boolean inGitRepository(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try {
            Process git = new ProcessBuilder("git", "-C", dir.toString(), "rev-parse", "--show-toplevel")
                    .redirectErrorStream(true).start();
            git.getInputStream().readAllBytes();
            if (!git.waitFor(30, TimeUnit.SECONDS)) {
                git.destroyForcibly();
                return false;
            }
            return git.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
