package dev.mosaic.hub;

import dev.mosaic.model.Quote;
import dev.mosaic.model.TerminalSize;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A spawn as `POST /api/v1/panes` carries it (DESIGN.md §8), checked field by field. */
record SpawnRequest(String name, List<String> command, Optional<Path> cwd, Map<String, String> env,
                    TerminalSize size, boolean answerDevChannelsWarning) {

    /** The one prompt {@code auto_confirm} can name today: Claude Code's development-channels warning. */
    static final String DEV_CHANNELS_WARNING = "dev_channels_warning";

    /** The pane's identity: the hub sets these, an env cannot. */
    static final Set<String> IDENTITY = Set.of("MOSAIC_URL", "MOSAIC_PANE_ID", "MOSAIC_TOKEN", "MOSAIC_NAME");

    static SpawnRequest from(JsonBody body) {
        String name = body.requiredString("name");
        List<String> command = body.stringList("command");
        if (command.isEmpty()) {
            throw ApiError.badRequest("'command' must be a list of at least one string: the program and its "
                    + "arguments");
        }
        for (String arg : command) {
            if (arg.indexOf('\0') >= 0) {
                throw ApiError.badRequest("no item of 'command' may contain a NUL character");
            }
        }
        Optional<Path> cwd = Optional.ofNullable(body.optionalString("cwd")).map(SpawnRequest::path);
        Map<String, String> env = body.stringMap("env");
        env.forEach((k, v) -> {
            if (k.isEmpty() || k.indexOf('=') >= 0 || k.indexOf('\0') >= 0 || v.indexOf('\0') >= 0) {
                throw ApiError.badRequest("'env' names must be non-empty without '=' or NUL, values without NUL: "
                        + Quote.of(k));
            }
            if (IDENTITY.contains(k)) {
                throw ApiError.badRequest("'env' cannot set " + k + ": the hub sets the pane's identity");
            }
        });
        int cols = body.optionalInt("cols", TerminalSize.MIN_COLS, TerminalSize.MAX_COLS)
                .orElse(TerminalSize.DEFAULT.cols());
        int rows = body.optionalInt("rows", TerminalSize.MIN_ROWS, TerminalSize.MAX_ROWS)
                .orElse(TerminalSize.DEFAULT.rows());
        String autoConfirm = body.optionalString("auto_confirm");
        if (autoConfirm != null && !autoConfirm.equals(DEV_CHANNELS_WARNING)) {
            throw ApiError.badRequest("'auto_confirm' can only be \"" + DEV_CHANNELS_WARNING + "\" (answer Claude "
                    + "Code's development-channels warning once it is on screen), not " + Quote.of(autoConfirm));
        }
        return new SpawnRequest(name, command, cwd, env, new TerminalSize(cols, rows), autoConfirm != null);
    }

    private static Path path(String s) {
        try {
            return Path.of(s);
        } catch (InvalidPathException e) {
            throw new ApiError(400, "bad_cwd", Quote.of(s) + " is not a directory: " + e.getReason());
        }
    }
}
