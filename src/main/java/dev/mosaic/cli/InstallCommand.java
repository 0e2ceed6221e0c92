package dev.mosaic.cli;

import dev.mosaic.channel.ClaudeConfigInstaller;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** Adds the channel to Claude Code's MCP config. */
@Command(name = "install", mixinStandardHelpOptions = true,
        description = {"Add the Mosaic channel to Claude Code's MCP config (~/.claude.json), keeping everything "
                + "else in it. Then start Claude Code with:",
                "  claude --dangerously-load-development-channels server:mosaic-channel"})
final class InstallCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--claude-json", paramLabel = "PATH", description = "the config to change (default: ~/.claude.json)")
    Path claudeJson;

    private final Map<String, String> env;

    InstallCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path launcher = launcher();
        if (launcher == null) {
            err.println("mosaic: cannot find the ./mosaic launcher; run this as `/path/to/mosaic install` (or set "
                    + "MOSAIC_LAUNCHER to its absolute path)");
            return Cli.FAILED;
        }
        Path config = claudeJson != null ? claudeJson : home().resolve(".claude.json");
        ClaudeConfigInstaller.Result result;
        try {
            result = ClaudeConfigInstaller.install(config, launcher);
        } catch (ClaudeConfigInstaller.CorruptConfig e) {
            err.println("mosaic: " + e.getMessage());
            return Cli.USAGE;
        }
        out.println(switch (result) {
            case ADDED -> "Added mcpServers[\"mosaic-channel\"] to " + config + " (" + launcher + " channel).";
            case UPDATED -> "Updated mcpServers[\"mosaic-channel\"] in " + config + " (" + launcher + " channel).";
            case UNCHANGED -> "mcpServers[\"mosaic-channel\"] in " + config + " is already up to date.";
        });
        out.println("Start Claude Code with: claude --dangerously-load-development-channels server:mosaic-channel");
        return Cli.OK;
    }

    private Path home() {
        String home = env.get("HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"));
    }

    /** The absolute path of ./mosaic: the launcher says where it is, else it sits beside target/ of the jar. */
    private Path launcher() throws URISyntaxException {
        String fromLauncher = env.get("MOSAIC_LAUNCHER");
        if (fromLauncher != null && !fromLauncher.isBlank()) {
            Path p = Path.of(fromLauncher).toAbsolutePath().normalize();
            return Files.isExecutable(p) ? p : null;
        }
        Path code = Path.of(InstallCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        // target/mosaic.jar or target/classes: the repository root is the parent of target/.
        Path root = code.getParent() == null ? null : code.getParent().getParent();
        if (root == null) {
            return null;
        }
        Path candidate = root.resolve("mosaic");
        return Files.isRegularFile(candidate) && Files.isExecutable(candidate) ? candidate.toAbsolutePath() : null;
    }
}
