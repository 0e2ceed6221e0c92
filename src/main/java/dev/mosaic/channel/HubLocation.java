package dev.mosaic.channel;

import dev.mosaic.client.HubAddress;
import dev.mosaic.client.HubException;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Where the channel learned to find the hub and which pane it is, from its environment (DESIGN §4). */
sealed interface HubLocation {
    /** MOSAIC_URL, MOSAIC_PANE_ID and MOSAIC_TOKEN: a pane the hub already knows (spawned or joined). */
    record Pane(HubAddress address) implements HubLocation {
    }

    /** MOSAIC_NAME with the hub's hub.json in that home: the channel joins as that name with the operator token. */
    record Named(Path home, String name) implements HubLocation {
    }

    /** Nothing usable: the reason says how to fix it. */
    record Nowhere(String reason) implements HubLocation {
    }

    static HubLocation from(Map<String, String> env) {
        try {
            Optional<HubAddress> pane = HubAddress.pane(env);
            if (pane.isPresent()) {
                return new Pane(pane.get());
            }
        } catch (HubException partial) {
            return new Nowhere(partial.getMessage() + "; then restart Claude Code.");
        }
        String name = env.get("MOSAIC_NAME");
        if (!blank(name)) {
            return new Named(HubAddress.home(env), name.strip());
        }
        return new Nowhere("This Claude Code session is not a Mosaic pane. Set MOSAIC_URL, MOSAIC_PANE_ID and "
                + "MOSAIC_TOKEN (`eval \"$(mosaic join NAME)\"` prints them), or MOSAIC_NAME=YourName with the hub "
                + "running (`mosaic up`), in the shell that starts Claude Code; then restart it.");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
