package dev.mosaic.cli;

import dev.mosaic.channel.ClaudeConfigInstaller;
import dev.mosaic.channel.ClaudeHooksInstaller;
import dev.mosaic.hub.ClaudeAgent;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the channel's MCP entry ({@code $HOME/.claude.json}) and the hook set ({@code $HOME/.claude/settings.json})
 * go and what they run: shared by install and claude.
 */
final class ChannelSetup {
    private final Map<String, String> env;

    ChannelSetup(Map<String, String> env) {
        this.env = env;
    }

    /** HOME from the environment the command was given (tests pass a throwaway one), else the JVM's. */
    Path home() {
        return new ClaudeAgent(env).home();
    }

    Path claudeJson() {
        return home().resolve(".claude.json");
    }

    /** Claude Code's user settings, where the hook set goes. */
    Path claudeSettings() {
        return home().resolve(".claude").resolve("settings.json");
    }

    /** The hook command shipped beside the launcher ({@code lib/hook.sh}), if it is there and executable. */
    static Optional<Path> hook(Path launcher) {
        return ClaudeAgent.hook(launcher);
    }

    /** Writes the hook set into {@code settings} unless it is already there. */
    ClaudeConfigInstaller.Result ensureHooks(Path settings, Path hook)
            throws IOException, ClaudeConfigInstaller.CorruptConfig {
        return ClaudeHooksInstaller.install(settings, hook);
    }

    /** Writes the entry into {@code config} unless it is already there. */
    ClaudeConfigInstaller.Result ensure(Path config, Path launcher)
            throws IOException, ClaudeConfigInstaller.CorruptConfig {
        return ClaudeConfigInstaller.install(config, launcher);
    }

    /** The absolute path of ./mosaic: the launcher says where it is, else it sits beside target/ of the jar. */
    Optional<Path> launcher() {
        if (!env.getOrDefault("MOSAIC_LAUNCHER", "").isBlank()) {
            return ClaudeAgent.namedLauncher(env);
        }
        Path code;
        try {
            code = Path.of(ChannelSetup.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        // target/mosaic.jar or target/classes: the repository root is the parent of target/.
        Path root = code.getParent() == null ? null : code.getParent().getParent();
        if (root == null) {
            return Optional.empty();
        }
        Path candidate = root.resolve("mosaic");
        return Files.isRegularFile(candidate) && Files.isExecutable(candidate)
                ? Optional.of(candidate.toAbsolutePath()) : Optional.empty();
    }

    static final String NO_HOOK = ClaudeAgent.NO_HOOK;

    static final String NO_LAUNCHER = "cannot find the ./mosaic launcher; run this as `/path/to/mosaic …` (or set "
            + "MOSAIC_LAUNCHER to its absolute path)";
}
