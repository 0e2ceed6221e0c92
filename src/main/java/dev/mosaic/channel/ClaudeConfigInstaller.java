package dev.mosaic.channel;

import tools.jackson.core.JacksonException;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Adds the channel to Claude Code's MCP config ({@code ~/.claude.json}: {@code mcpServers["mosaic-channel"]})
 * without touching anything else in the file, which also holds the user's sessions and settings.
 */
public final class ClaudeConfigInstaller {
    public static final String SERVER_NAME = "mosaic-channel";

    /** Plain Jackson, not Mosaic's snake_case mapper: the file is Claude Code's, its keys are kept as they are. */
    static final JsonMapper MAPPER = JsonMapper.builder().build();
    /** Two-space indentation and {@code "key": value}, the way Claude Code writes the file. */
    static final DefaultPrettyPrinter PRINTER = new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectNameValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    /** What install did. */
    public enum Result { ADDED, UPDATED, UNCHANGED }

    /** The config cannot be read as a JSON object; nothing was written. */
    public static final class CorruptConfig extends Exception {
        public CorruptConfig(String message) {
            super(message);
        }
    }

    private ClaudeConfigInstaller() {
    }

    /** Sets the entry to run {@code launcher channel}; writes only if that changes the file. */
    public static Result install(Path config, Path launcher) throws IOException, CorruptConfig {
        Path target = Files.isSymbolicLink(config) ? config.toRealPath() : config;
        ObjectNode root;
        boolean exists = Files.exists(target);
        if (exists) {
            String text = Files.readString(target, StandardCharsets.UTF_8);
            JsonNode parsed;
            try {
                parsed = text.isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(text);
            } catch (JacksonException e) {
                throw new CorruptConfig(config + " is not valid JSON (" + e.getOriginalMessage() + "); fix or move "
                        + "it, then run `mosaic install` again. It was left untouched.");
            }
            if (!(parsed instanceof ObjectNode object)) {
                throw new CorruptConfig(config + " does not hold a JSON object; fix or move it, then run `mosaic "
                        + "install` again. It was left untouched.");
            }
            root = object;
        } else {
            root = MAPPER.createObjectNode();
        }
        JsonNode servers = root.get("mcpServers");
        if (servers != null && !servers.isObject()) {
            throw new CorruptConfig(config + ": 'mcpServers' is not an object; fix it, then run `mosaic install` "
                    + "again. It was left untouched.");
        }
        ObjectNode entry = MAPPER.createObjectNode().put("type", "stdio").put("command", launcher.toString());
        entry.putArray("args").add("channel");
        JsonNode before = servers == null ? null : servers.get(SERVER_NAME);
        if (entry.equals(before)) {
            return Result.UNCHANGED;
        }
        // Keep anything else the user put in the entry (such as "env"), replace what install owns.
        ObjectNode merged = before instanceof ObjectNode old ? old.deepCopy() : MAPPER.createObjectNode();
        merged.setAll(entry);
        if (merged.equals(before)) {
            return Result.UNCHANGED;
        }
        (servers == null ? root.putObject("mcpServers") : (ObjectNode) servers).set(SERVER_NAME, merged);
        String text = MAPPER.writerWithDefaultPrettyPrinter().with(PRINTER).writeValueAsString(root) + "\n";
        writeAtomically(target, text, exists);
        return before == null ? Result.ADDED : Result.UPDATED;
    }

    /** Temp file beside it, same permissions, then a rename: a reader sees the old file or the new, never half. */
    static void writeAtomically(Path target, String text, boolean exists) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            PosixFileAttributeView posix = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
            if (posix != null) {
                Set<PosixFilePermission> mode = exists ? Files.getPosixFilePermissions(target)
                        : PosixFilePermissions.fromString("rw-------"); // it holds the user's credentials
                posix.setPermissions(mode);
            }
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
