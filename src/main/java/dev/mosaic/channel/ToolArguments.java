package dev.mosaic.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A tool call's arguments, checked one by one with a sentence the agent can act on when one is wrong. */
final class ToolArguments {
    private final String tool;
    private final Map<String, Object> args;

    ToolArguments(String tool, Map<String, Object> args) {
        this.tool = tool;
        this.args = args == null ? Map.of() : args;
    }

    /** A required string with something in it. */
    String text(String name, String meaning) {
        Object v = args.get(name);
        if (v == null) {
            throw new ToolError(tool + " needs '" + name + "': " + meaning + ".");
        }
        if (!(v instanceof String s)) {
            throw new ToolError("'" + name + "' of " + tool + " must be a string (" + meaning + "), not " + kind(v)
                    + ".");
        }
        if (s.isBlank()) {
            throw new ToolError("'" + name + "' of " + tool + " is empty; pass " + meaning + ".");
        }
        return s;
    }

    /** An optional string; null when absent or empty. */
    String optionalText(String name) {
        Object v = args.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw new ToolError("'" + name + "' of " + tool + " must be a string, not " + kind(v) + ".");
        }
        return s.isBlank() ? null : s;
    }

    /** A string or a list of strings: names, ids or "*". */
    List<String> recipients(String name) {
        Object v = args.get(name);
        String how = "a name such as \"Bob\", a list such as [\"Bob\", \"Carol\"], or \"*\" for every other agent "
                + "(list_agents shows the names)";
        if (v instanceof String s && !s.isBlank()) {
            return List.of(s.strip());
        }
        if (v instanceof List<?> list && !list.isEmpty()) {
            List<String> out = new ArrayList<>();
            for (Object o : list) {
                if (!(o instanceof String s) || s.isBlank()) {
                    throw new ToolError("'" + name + "' of " + tool + " must list names as strings; pass " + how
                            + ".");
                }
                out.add(s.strip());
            }
            return out;
        }
        throw new ToolError(tool + " needs '" + name + "': " + how + ".");
    }

    /** An optional true or false; false when absent. */
    boolean optionalFlag(String name) {
        Object v = args.get(name);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new ToolError("'" + name + "' of " + tool + " must be true or false, not " + kind(v) + ".");
    }

    /** An optional whole number within bounds. */
    int optionalInt(String name, int min, int max, int otherwise) {
        Object v = args.get(name);
        if (v == null) {
            return otherwise;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            long l = n.longValue();
            if (l >= min && l <= max) {
                return (int) l;
            }
        }
        throw new ToolError("'" + name + "' of " + tool + " must be a whole number from " + min + " to " + max
                + ", or left out.");
    }

    /** How a JSON value is named in an error sentence: "a string", "a list", … */
    static String kind(Object v) {
        return switch (v) {
            case String s -> "a string";
            case Number n -> "a number";
            case Boolean b -> "a boolean";
            case List<?> l -> "a list";
            case Map<?, ?> m -> "an object";
            default -> "a " + v.getClass().getSimpleName();
        };
    }
}
