package dev.mosaic.pty;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the file a command names, as a shell would (PATH for a bare name, the working directory for a relative
 * path). Checked before a pane is stored: a pseudo-terminal's child that cannot exec only dies with 127 after the
 * spawn already succeeded, so the check is the one place a bad command can be refused.
 */
final class Executables {
    private Executables() {
    }

    static Optional<Path> resolve(String command, Path cwd, String pathVariable) {
        if (command.isEmpty() || command.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        try {
            if (command.contains("/")) {
                return runnable(cwd.resolve(command));
            }
            if (pathVariable == null) {
                return Optional.empty();
            }
            for (String dir : pathVariable.split(File.pathSeparator, -1)) {
                // An empty PATH entry means the current directory, for shells and execvp alike.
                Optional<Path> found = runnable(cwd.resolve(dir.isEmpty() ? "." : dir).resolve(command));
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> runnable(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p.toAbsolutePath().normalize())
                : Optional.empty();
    }
}
