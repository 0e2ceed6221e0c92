package dev.mosaic.channel;

import io.modelcontextprotocol.spec.McpSchema;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Request params the MCP Java SDK would mishandle, found before it sees them so they can be answered -32602 with
 * a sentence. The SDK turns {@code arguments} that are not an object into -32603 with a Jackson message and a
 * stack trace on stderr, answers an unknown log level with {@code {}}, names every unknown tool
 * "invalid_tool_name", and ignores a {@code cursor} it never gave out.
 */
final class ParamsCheck {
    private static final List<String> LEVELS = Arrays.stream(McpSchema.LoggingLevel.values())
            .map(l -> l.name().toLowerCase(Locale.ROOT)).toList();

    private final List<String> tools;

    ParamsCheck(List<String> tools) {
        this.tools = List.copyOf(tools);
    }

    /** Why these params are invalid for that method; empty when the SDK may have them. */
    Optional<String> problem(String method, Object params) {
        return Optional.ofNullable(switch (method) {
            case McpSchema.METHOD_TOOLS_CALL -> toolCall(params);
            case McpSchema.METHOD_LOGGING_SET_LEVEL -> logLevel(params);
            case McpSchema.METHOD_TOOLS_LIST -> cursor(params);
            case McpSchema.METHOD_INITIALIZE -> initialize(params);
            default -> null;
        });
    }

    private String toolCall(Object params) {
        if (!(params instanceof Map<?, ?> p)) {
            return "Invalid params: tools/call needs an object such as {\"name\": \"send\", \"arguments\": {…}}.";
        }
        if (!(p.get("name") instanceof String name)) {
            return "Invalid params: tools/call needs 'name', one of " + list(tools, "or") + ".";
        }
        if (!tools.contains(name)) {
            return "Unknown tool '" + name + "': this server has " + list(tools, "and") + ".";
        }
        Object args = p.get("arguments");
        if (args != null && !(args instanceof Map<?, ?>)) {
            return "Invalid params: 'arguments' of tools/call must be an object (for example {\"to\": \"Bob\", "
                    + "\"text\": \"hi\"}), not " + ToolArguments.kind(args) + ".";
        }
        return null;
    }

    private static String logLevel(Object params) {
        Object level = params instanceof Map<?, ?> p ? p.get("level") : null;
        if (level instanceof String s && LEVELS.contains(s)) {
            return null;
        }
        String given = level == null ? "no level" : "the level " + level;
        return "Invalid params: logging/setLevel got " + given + "; use one of " + list(LEVELS, "or") + ".";
    }

    private static String initialize(Object params) {
        if (!(params instanceof Map<?, ?> p)) {
            return "Invalid params: initialize needs an object with protocolVersion, capabilities and clientInfo.";
        }
        if (p.containsKey("capabilities") && !(p.get("capabilities") instanceof Map<?, ?>)) {
            return "Invalid params: 'capabilities' of initialize must be an object.";
        }
        return null;
    }

    private static String cursor(Object params) {
        if (params instanceof Map<?, ?> p && p.get("cursor") != null) {
            return "Invalid params: this server lists all its tools at once and gives out no cursor; leave "
                    + "'cursor' out.";
        }
        return null;
    }

    private static String list(List<String> names, String conjunction) {
        return String.join(", ", names.subList(0, names.size() - 1)) + " " + conjunction + " " + names.getLast();
    }
}
