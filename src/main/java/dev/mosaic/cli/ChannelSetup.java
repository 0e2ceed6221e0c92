package dev.mosaic.cli;

import dev.mosaic.channel.ClaudeConfigInstaller;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Where the channel's MCP entry goes ({@code $HOME/.claude.json}) and what it runs: shared by install and claude. */
final class ChannelSetup {
    private final Map<String, String> env;

    ChannelSetup(Map<String, String> env) {
        this.env = env;
    }

    /** HOME from the environment the command was given (tests pass a throwaway one), else the JVM's. */
    Path home() {
        String home = env.get("HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"));
    }

    Path claudeJson() {
        return home().resolve(".claude.json");
    }

    /** Writes the entry into {@code config} unless it is already there. */
    ClaudeConfigInstaller.Result ensure(Path config, Path launcher)
            throws IOException, ClaudeConfigInstaller.CorruptConfig {
        return ClaudeConfigInstaller.install(config, launcher);
    }

    /** The absolute path of ./mosaic: the launcher says where it is, else it sits beside target/ of the jar. */
    Optional<Path> launcher() {
        String fromLauncher = env.get("MOSAIC_LAUNCHER");
        if (fromLauncher != null && !fromLauncher.isBlank()) {
            Path p = Path.of(fromLauncher).toAbsolutePath().normalize();
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
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

    static final String NO_LAUNCHER = "cannot find the ./mosaic launcher; run this as `/path/to/mosaic …` (or set "
            + "MOSAIC_LAUNCHER to its absolute path)";
}
