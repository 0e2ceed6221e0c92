package dev.mosaic.cli;

import dev.mosaic.client.HubAddress;
import dev.mosaic.client.HubClient;
import dev.mosaic.hub.ClaudeAgent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Starts Claude Code in a new pane with the channel loaded and its development-channels warning answered. */
@Command(name = "claude", mixinStandardHelpOptions = true,
        description = {"Start Claude Code in a new pane, with the Mosaic channel loaded (the MCP entry is added to "
                + "~/.claude.json first, and Mosaic's hooks to ~/.claude/settings.json, as `mosaic install` does) "
                + "and its development-channels warning answered by the hub once it is on screen. Prints id<TAB>name once the pane is live.",
                "Claude Code is MOSAIC_CLAUDE, else `claude` on PATH."})
final class ClaudeCommand extends HubCommand implements Callable<Integer> {
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
        Path dir = pane.directory();
        if (!Files.isDirectory(dir)) {
            throw new UsageError("--cwd " + dir + " is not a directory");
        }
        // Unlike the hub, the CLI also finds the launcher beside its jar, and will not start an agent without it.
        Path launcher = new ChannelSetup(env).launcher()
                .orElseThrow(() -> new IllegalStateException(ChannelSetup.NO_LAUNCHER));
        ClaudeAgent.Launch launch;
        try {
            launch = new ClaudeAgent(env).prepare(new ClaudeAgent.Options(name, dir, worktree, args),
                    Optional.of(launcher));
        } catch (ClaudeAgent.Refused e) {
            throw new UsageError(e.reason() == ClaudeAgent.Refused.Reason.NO_REPOSITORY
                    ? "--worktree " + e.getMessage() : e.getMessage());
        }
        launch.notes().forEach(note -> spec.commandLine().getErr().println("mosaic: " + note.text()));
        Map<String, String> paneEnv = new LinkedHashMap<>(pane.env);
        launch.env().forEach(paneEnv::putIfAbsent);

        HubClient operator = new HubClient(HubAddress.operator(HubAddress.home(env)));
        JsonNode created = operator.spawnClaude(name, launch.command(), dir.toString(), paneEnv, !noAutoConfirm,
                pane.lead);
        return pane.finish(operator, created, out(), spec.commandLine().getErr());
    }
}
