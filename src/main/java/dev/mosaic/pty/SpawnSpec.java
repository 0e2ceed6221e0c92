package dev.mosaic.pty;

import dev.mosaic.model.TerminalSize;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to run in a new pseudo-terminal: the command and its arguments, the working directory, the variables to set
 * on top of the hub's environment (after {@code TERM}), and the terminal's size.
 */
public record SpawnSpec(List<String> command, Path cwd, Map<String, String> env, TerminalSize size) {
    public SpawnSpec {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("a spawn needs a command");
        }
        command = List.copyOf(command);
        env = Map.copyOf(env);
    }
}
