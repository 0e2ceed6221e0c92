package dev.mosaic.hub;

import dev.mosaic.model.Quote;
import dev.mosaic.model.TerminalSize;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A spawn as `POST /api/v1/panes` carries it (DESIGN.md §8), checked field by field: a {@code command}, or an
 * {@code agent} the hub knows how to start (its command is made by the hub, {@link ClaudeAgent}).
 */
record SpawnRequest(String name, List<String> command, Optional<Agent> agent, Optional<Path> cwd,
                    Map<String, String> env, TerminalSize size, boolean answerDevChannelsWarning) {

    /** {@code "agent": "claude"}: Claude Code with the channel, its extra {@code args}, in a git worktree or not. */
    record Agent(List<String> args, boolean worktree) {
    }

    static final String CLAUDE = "claude";

    /** The one prompt {@code auto_confirm} can name today: Claude Code's development-channels warning. */
    static final String DEV_CHANNELS_WARNING = "dev_channels_warning";

    /** The pane's identity: the hub sets these, an env cannot. */
    static final Set<String> IDENTITY = Set.of("MOSAIC_URL", "MOSAIC_PANE_ID", "MOSAIC_TOKEN", "MOSAIC_NAME");

    static SpawnRequest from(JsonBody body) {
        String name = body.requiredString("name");
        Optional<Agent> agent = agent(body);
        List<String> command = body.stringList("command");
        if (agent.isPresent()) {
            if (body.has("command")) {
                throw ApiError.badRequest("give 'command' or 'agent', not both: the hub makes an agent's command");
            }
            noNul(agent.get().args(), "args");
        } else if (command.isEmpty()) {
            throw ApiError.badRequest("'command' must be a list of at least one string: the program and its "
                    + "arguments");
        }
        noNul(command, "command");
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
        // An agent's warning is always answered, as `mosaic claude` does unless told otherwise.
        return new SpawnRequest(name, command, agent, cwd, env, new TerminalSize(cols, rows),
                autoConfirm != null || agent.isPresent());
    }

    private static Optional<Agent> agent(JsonBody body) {
        String agent = body.optionalString("agent");
        if (agent == null) {
            if (body.has("args") || body.has("worktree")) {
                throw ApiError.badRequest("'args' and 'worktree' go with 'agent'; a command carries its own arguments");
            }
            return Optional.empty();
        }
        if (!agent.equals(CLAUDE)) {
            throw ApiError.badRequest("'agent' can only be \"" + CLAUDE + "\" (Claude Code with the Mosaic channel), "
                    + "not " + Quote.of(agent));
        }
        boolean worktree = body.node("worktree").map(n -> {
            if (!n.isBoolean()) {
                throw ApiError.badRequest("'worktree' must be true or false");
            }
            return n.booleanValue();
        }).orElse(false);
        return Optional.of(new Agent(body.stringList("args"), worktree));
    }

    private static void noNul(List<String> items, String field) {
        for (String item : items) {
            if (item.indexOf('\0') >= 0) {
                throw ApiError.badRequest("no item of '" + field + "' may contain a NUL character");
            }
        }
    }

    private static Path path(String s) {
        try {
            return Path.of(s);
        } catch (InvalidPathException e) {
            throw new ApiError(400, "bad_cwd", Quote.of(s) + " is not a directory: " + e.getReason());
        }
    }
}
