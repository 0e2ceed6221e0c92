package dev.mosaic.cli;

import dev.mosaic.channel.ClaudeConfigInstaller;
import dev.mosaic.client.HubAddress;
import dev.mosaic.client.HubClient;
import dev.mosaic.hub.ClaudeAgent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Starts Claude Code in a new pane with the channel loaded and its development-channels warning answered. */
@Command(name = "claude", mixinStandardHelpOptions = true,
        description = {"Start Claude Code in a new pane, with the Mosaic channel loaded (the MCP entry is added to "
                + "~/.claude.json first, and Mosaic's hooks to ~/.claude/settings.json, as `mosaic install` does) "
                + "and its development-channels warning answered by the hub once it is on screen. Prints id<TAB>name once the pane is live.",
                "Claude Code is MOSAIC_CLAUDE, else `claude` on PATH."})
final class ClaudeCommand extends HubCommand implements Callable<Integer> {
    /** The channel's entry in the MCP config, loaded as a development channel (the page's spawns use the same). */
    static final List<String> CHANNEL_FLAGS = ClaudeAgent.CHANNEL_FLAGS;

    @Parameters(index = "0", paramLabel = "NAME", description = "the pane's name (its tab title)")
    String name;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "more arguments for Claude Code, after --")
    List<String> args = List.of();

    @Mixin
    NewPaneOptions pane;

    @Option(names = "--worktree", description = "run in a new git worktree of DIR's repository (Claude Code's own "
            + "--worktree: .claude/worktrees/NAME on branch worktree-NAME)")
    boolean worktree;

    @Option(names = "--no-auto-confirm", description = "leave the development-channels warning to you")
    boolean noAutoConfirm;

    ClaudeCommand(Map<String, String> env) {
        super(env);
    }

    @Override
    public Integer call() throws Exception {
        Path claude = ClaudeBinary.find(env);
        Path dir = pane.directory();
        if (!Files.isDirectory(dir)) {
            throw new UsageError("--cwd " + dir + " is not a directory");
        }
        List<String> command = new ArrayList<>();
        command.add(claude.toString());
        command.addAll(CHANNEL_FLAGS);
        if (worktree) {
            requireGitRepository(dir);
            command.add("--worktree");
            command.add(worktreeName(name));
        }
        command.addAll(args);

        ChannelSetup setup = new ChannelSetup(env);
        Path launcher = setup.launcher().orElseThrow(() -> new IllegalStateException(ChannelSetup.NO_LAUNCHER));
        Path config = setup.claudeJson();
        try {
            if (setup.ensure(config, launcher) != ClaudeConfigInstaller.Result.UNCHANGED) {
                spec.commandLine().getErr().println("mosaic: added the Mosaic channel to " + config);
            }
            // In the user's settings rather than `--settings FILE`: hooks from both would run side by side
            // (shared/CLAUDE-CODE.md), so a user who also ran `mosaic install` would report every event twice.
            Optional<Path> hook = ChannelSetup.hook(launcher);
            if (hook.isEmpty()) {
                spec.commandLine().getErr().println("mosaic: " + ChannelSetup.NO_HOOK);
            } else if (setup.ensureHooks(setup.claudeSettings(), hook.get())
                    != ClaudeConfigInstaller.Result.UNCHANGED) {
                spec.commandLine().getErr().println("mosaic: set Mosaic's hooks in " + setup.claudeSettings());
            }
        } catch (ClaudeConfigInstaller.CorruptConfig e) {
            throw new UsageError(e.getMessage());
        }
        // Claude Code reads the MCP entry from its HOME: the pane gets the HOME the entry was written to, which
        // may not be the hub's.
        Map<String, String> paneEnv = new LinkedHashMap<>(pane.env);
        paneEnv.putIfAbsent("HOME", setup.home().toString());

        HubClient operator = new HubClient(HubAddress.operator(HubAddress.home(env)));
        JsonNode created = operator.spawnClaude(name, command, dir.toString(), paneEnv, !noAutoConfirm,
                pane.lead);
        return pane.finish(operator, created, out(), spec.commandLine().getErr());
    }

    /** Claude Code accepts letters, digits, dots, underscores and dashes in a worktree name. */
    static String worktreeName(String paneName) {
        return ClaudeAgent.worktreeName(paneName);
    }

    private static void requireGitRepository(Path dir) throws IOException, InterruptedException {
        Process git = new ProcessBuilder("git", "-C", dir.toString(), "rev-parse", "--show-toplevel")
                .redirectErrorStream(true).start();
        git.getInputStream().readAllBytes();
        if (!git.waitFor(30, TimeUnit.SECONDS) || git.exitValue() != 0) {
            git.destroyForcibly();
            throw new UsageError("--worktree needs a git repository: " + dir + " is not in one");
        }
    }
}
