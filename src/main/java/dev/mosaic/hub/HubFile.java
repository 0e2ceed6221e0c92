package dev.mosaic.hub;

import dev.mosaic.model.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code MOSAIC_HOME/hub.json}: where the hub listens and the operator token, readable by its owner only. */
public final class HubFile {
    public static final String NAME = "hub.json";

    private HubFile() {
    }

    /** The operator token a previous run left, so shells that read it keep working across restarts. */
    static Optional<String> previousToken(Path home) {
        Path file = home.resolve(NAME);
        try {
            JsonNode n = Json.MAPPER.readTree(Files.readString(file));
            String token = n.path("token").asString("");
            return token.length() >= 43 ? Optional.of(token) : Optional.empty();
        } catch (IOException | JacksonException e) {
            return Optional.empty();
        }
    }

    /** Writes the file atomically, created with mode 0600 so the token is never readable by others. */
    static void write(Path home, String url, String token) throws IOException {
        Files.createDirectories(home);
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("url", url);
        content.put("token", token);
        content.put("pid", ProcessHandle.current().pid());
        Path tmp = Files.createTempFile(home, ".hub", ".json",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(content) + "\n");
            try {
                Files.move(tmp, home.resolve(NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, home.resolve(NAME), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
