package dev.mosaic.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * This hub's id among the hubs that share a database (DESIGN.md §6), kept in MOSAIC_HOME/hub-id: a hub that restarts
 * on the same home is the same hub, so it takes back its own panes, registrations and push claims.
 */
final class HubIdentity {
    static final String FILE = "hub-id";

    private HubIdentity() {
    }

    static String of(Path home) {
        Path file = home.resolve(FILE);
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file).strip();
                if (!id.isEmpty()) {
                    return id;
                }
            }
            Files.createDirectories(home);
            String id = UUID.randomUUID().toString();
            Files.writeString(file, id + "\n");
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }
}
