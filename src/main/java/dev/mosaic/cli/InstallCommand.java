package dev.mosaic.cli;

import dev.mosaic.channel.ClaudeConfigInstaller;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Adds the channel to Claude Code's MCP config, and the hook set that reports agent state to its settings. */
@Command(name = "install", mixinStandardHelpOptions = true,
        description = {"Add the Mosaic channel to Claude Code's MCP config (~/.claude.json) and Mosaic's hooks (which "
                + "report the agent's state to the hub) to its settings (~/.claude/settings.json), keeping "
                + "everything else in both. Then start Claude Code with:",
                "  claude --dangerously-load-development-channels server:mosaic-channel"})
final class InstallCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--claude-json", paramLabel = "PATH",
            description = "the config to change (default: ~/.claude.json)")
    Path claudeJson;

    @Option(names = "--claude-settings", paramLabel = "PATH",
            description = "the settings to add the hooks to (default: ~/.claude/settings.json)")
    Path claudeSettings;

    private final Map<String, String> env;

    InstallCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ChannelSetup setup = new ChannelSetup(env);
        Optional<Path> found = setup.launcher();
        if (found.isEmpty()) {
            err.println("mosaic: " + ChannelSetup.NO_LAUNCHER);
            return Cli.FAILED;
        }
        Path launcher = found.get();
        Path config = claudeJson != null ? claudeJson : setup.claudeJson();
        ClaudeConfigInstaller.Result result;
        try {
            result = setup.ensure(config, launcher);
        } catch (ClaudeConfigInstaller.CorruptConfig e) {
            err.println("mosaic: " + e.getMessage());
            return Cli.USAGE;
        }
        out.println(switch (result) {
            case ADDED -> "Added mcpServers[\"mosaic-channel\"] to " + config + " (" + launcher + " channel).";
            case UPDATED -> "Updated mcpServers[\"mosaic-channel\"] in " + config + " (" + launcher + " channel).";
            case UNCHANGED -> "mcpServers[\"mosaic-channel\"] in " + config + " is already up to date.";
        });
        Optional<Path> hook = ChannelSetup.hook(launcher);
        if (hook.isEmpty()) {
            err.println("mosaic: " + ChannelSetup.NO_HOOK);
        } else {
            Path settings = claudeSettings != null ? claudeSettings : setup.claudeSettings();
            try {
                out.println(switch (setup.ensureHooks(settings, hook.get())) {
                    case ADDED, UPDATED -> "Set Mosaic's hooks in " + settings + " (" + hook.get() + ").";
                    case UNCHANGED -> "Mosaic's hooks in " + settings + " are already up to date.";
                });
            } catch (ClaudeConfigInstaller.CorruptConfig e) {
                err.println("mosaic: " + e.getMessage());
                return Cli.USAGE;
            }
        }
        out.println("Start Claude Code with: claude --dangerously-load-development-channels server:mosaic-channel");
        return Cli.OK;
    }
}
