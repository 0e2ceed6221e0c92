package dev.mosaic.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Finds the Claude Code executable: {@code MOSAIC_CLAUDE}, else {@code claude} on {@code PATH}. */
final class ClaudeBinary {
    private ClaudeBinary() {
    }

    /** The absolute path to run; a {@link UsageError} that says how to fix it when there is none. */
    static Path find(Map<String, String> env) {
        String named = env.get("MOSAIC_CLAUDE");
        if (named != null && !named.isBlank()) {
            Path p = Path.of(named).toAbsolutePath().normalize();
            if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
                throw new UsageError("MOSAIC_CLAUDE=" + named + " is not an executable file");
            }
            return p;
        }
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path p = Path.of(dir, "claude");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p.toAbsolutePath();
            }
        }
        throw new UsageError("Claude Code is not installed: no `claude` on PATH. Install it (npm install -g "
                + "@anthropic-ai/claude-code) or set MOSAIC_CLAUDE to its path");
    }
}
