package dev.mosaic.channel;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Adds Mosaic's hook set to Claude Code's user settings ({@code ~/.claude/settings.json}: {@code hooks}), keeping
 * every other key and every other hook: one command hook per event, which reports it to the hub (DESIGN.md §10).
 */
public final class ClaudeHooksInstaller {
    /** The events whose hook reports to the hub: those that move the agent state, and the session's ends. */
    public static final List<String> EVENTS = List.of("SessionStart", "UserPromptSubmit", "PreToolUse",
            "PostToolUse", "PermissionRequest", "Notification", "Stop", "SessionEnd");
    /**
     * Seconds Claude Code gives the hook before it kills it. Without one a hung hook costs every prompt 30 s
     * (shared/CLAUDE-CODE.md); the hook's own curl gives up after 1 s.
     */
    public static final int TIMEOUT_SECONDS = 2;
    /** How an installed hook command is recognised, wherever the repository was: its path ends so. */
    private static final String HOOK_SUFFIX = "/lib/hook.sh";

    private ClaudeHooksInstaller() {
    }

    /** Sets a hook running {@code hook} on every event of {@link #EVENTS}; writes only if that changes the file. */
    public static ClaudeConfigInstaller.Result install(Path settings, Path hook)
            throws IOException, ClaudeConfigInstaller.CorruptConfig {
        Path target = Files.isSymbolicLink(settings) ? settings.toRealPath() : settings;
        boolean exists = Files.exists(target);
        ObjectNode root = exists ? read(settings, target) : ClaudeConfigInstaller.MAPPER.createObjectNode();
        JsonNode hooks = root.get("hooks");
        if (hooks != null && !hooks.isObject()) {
            throw corrupt(settings, "'hooks' is not an object");
        }
        for (String event : EVENTS) {
            JsonNode groups = hooks == null ? null : hooks.get(event);
            if (groups != null && !groups.isArray()) {
                throw corrupt(settings, "'hooks." + event + "' is not a list");
            }
        }
        ObjectNode updated = root.deepCopy();
        ObjectNode allHooks = updated.has("hooks") ? (ObjectNode) updated.get("hooks") : updated.putObject("hooks");
        boolean added = false;
        for (String event : EVENTS) {
            ArrayNode groups = allHooks.has(event) ? (ArrayNode) allHooks.get(event) : allHooks.putArray(event);
            added |= !placeHook(groups, hook);
        }
        if (updated.equals(root)) {
            return ClaudeConfigInstaller.Result.UNCHANGED;
        }
        Files.createDirectories(target.toAbsolutePath().getParent());
        String text = ClaudeConfigInstaller.MAPPER.writerWithDefaultPrettyPrinter()
                .with(ClaudeConfigInstaller.PRINTER).writeValueAsString(updated) + "\n";
        ClaudeConfigInstaller.writeAtomically(target, text, exists);
        return added ? ClaudeConfigInstaller.Result.ADDED : ClaudeConfigInstaller.Result.UPDATED;
    }

    /**
     * Makes the event's list hold exactly one Mosaic hook, the current one, keeping the user's hooks around it.
     * Returns whether one was there already (then it is updated in place).
     */
    private static boolean placeHook(ArrayNode groups, Path hook) {
        ObjectNode wanted = ClaudeConfigInstaller.MAPPER.createObjectNode().put("type", "command")
                .put("command", hook.toString()).put("timeout", TIMEOUT_SECONDS);
        boolean found = false;
        for (JsonNode group : groups) {
            if (!(group.get("hooks") instanceof ArrayNode entries)) {
                continue;
            }
            for (int i = 0; i < entries.size(); i++) {
                if (isMosaicHook(entries.get(i), hook)) {
                    if (!found) {
                        // Keep what the user added to the entry, replace what install owns.
                        ObjectNode merged = ((ObjectNode) entries.get(i)).deepCopy();
                        merged.setAll(wanted);
                        entries.set(i, merged);
                        found = true;
                    } else {
                        entries.remove(i--); // a second copy would report every event twice
                    }
                }
            }
        }
        if (!found) {
            ObjectNode group = groups.addObject();
            group.putArray("hooks").add(wanted);
        }
        return found;
    }

    private static boolean isMosaicHook(JsonNode entry, Path hook) {
        String command = entry instanceof ObjectNode ? entry.path("command").asString("") : "";
        return command.equals(hook.toString()) || command.endsWith(HOOK_SUFFIX);
    }

    private static ObjectNode read(Path settings, Path target) throws IOException, ClaudeConfigInstaller.CorruptConfig {
        String text = Files.readString(target, StandardCharsets.UTF_8);
        JsonNode parsed;
        try {
            parsed = text.isBlank() ? ClaudeConfigInstaller.MAPPER.createObjectNode()
                    : ClaudeConfigInstaller.MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw corrupt(settings, "it is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (!(parsed instanceof ObjectNode object)) {
            throw corrupt(settings, "it does not hold a JSON object");
        }
        return object;
    }

    private static ClaudeConfigInstaller.CorruptConfig corrupt(Path settings, String why) {
        return new ClaudeConfigInstaller.CorruptConfig(settings + ": " + why + "; fix or move it, then run `mosaic "
                + "install` again. It was left untouched.");
    }
}
