package dev.mosaic.client;

import dev.mosaic.model.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the hub is and who we are to it: a pane (MOSAIC_URL, MOSAIC_TOKEN, MOSAIC_PANE_ID from the environment)
 * or the operator (url and token from MOSAIC_HOME/hub.json).
 *
 * @param paneId the pane acted as, or null for the operator
 */
public record HubAddress(String url, String token, String paneId) {

    public boolean isOperator() {
        return paneId == null;
    }

    /** MOSAIC_HOME, or ~/.mosaic. */
    public static Path home(Map<String, String> env) {
        String home = env.get("MOSAIC_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home);
        }
        return Path.of(System.getProperty("user.home"), ".mosaic");
    }

    /** The pane in the environment if all three variables are set, else the operator from hub.json. */
    public static HubAddress resolve(Map<String, String> env) {
        return pane(env).orElseGet(() -> operator(home(env)));
    }

    /**
     * The pane that MOSAIC_URL, MOSAIC_TOKEN and MOSAIC_PANE_ID name, empty when none is set; a
     * {@link HubException} ("config") when only some are, since acting as the operator then would surprise.
     */
    public static Optional<HubAddress> pane(Map<String, String> env) {
        String url = env.get("MOSAIC_URL");
        String token = env.get("MOSAIC_TOKEN");
        String pane = env.get("MOSAIC_PANE_ID");
        if (notBlank(url) && notBlank(token) && notBlank(pane)) {
            return Optional.of(new HubAddress(stripSlash(url), token, pane));
        }
        if (notBlank(url) || notBlank(token) || notBlank(pane)) {
            throw new HubException(0, "config", "MOSAIC_URL, MOSAIC_TOKEN and MOSAIC_PANE_ID must be set together "
                    + "(as `eval \"$(mosaic join NAME)\"` sets them); unset them all to act as the operator");
        }
        return Optional.empty();
    }

    /** The operator's address from hub.json in that home. */
    public static HubAddress operator(Path home) {
        Path file = home.resolve("hub.json");
        try {
            JsonNode n = Json.MAPPER.readTree(Files.readString(file));
            String url = n.path("url").asString("");
            String token = n.path("token").asString("");
            if (url.isEmpty() || token.isEmpty()) {
                throw new HubException(0, "config", file + " lacks 'url' or 'token'; restart the hub with `mosaic up`");
            }
            return new HubAddress(stripSlash(url), token, null);
        } catch (NoSuchFileException e) {
            throw new HubException(0, "unreachable", "no hub found: " + file + " does not exist. Start one with "
                    + "`mosaic up` (or set MOSAIC_HOME to the hub's home)");
        } catch (IOException | JacksonException e) {
            throw new HubException(0, "config", "cannot read " + file + ": " + e.getMessage());
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "HubAddress[url=" + url + ", paneId=" + paneId + "]";
    }
}
