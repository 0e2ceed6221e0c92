package dev.mosaic.channel;

import dev.mosaic.client.HubAddress;

import java.nio.file.Path;
import java.util.Map;

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
        String url = env.get("MOSAIC_URL");
        String token = env.get("MOSAIC_TOKEN");
        String pane = env.get("MOSAIC_PANE_ID");
        int set = (blank(url) ? 0 : 1) + (blank(token) ? 0 : 1) + (blank(pane) ? 0 : 1);
        if (set == 3) {
            return new Pane(new HubAddress(url.endsWith("/") ? url.substring(0, url.length() - 1) : url, token,
                    pane));
        }
        if (set > 0) {
            return new Nowhere("MOSAIC_URL, MOSAIC_PANE_ID and MOSAIC_TOKEN must be set together (as "
                    + "`eval \"$(mosaic join NAME)\"` sets them) before Claude Code starts; only some are set.");
        }
        String name = env.get("MOSAIC_NAME");
        if (!blank(name)) {
            return new Named(HubAddress.home(env), name.strip());
        }
        return new Nowhere("This Claude Code session is not a Mosaic pane. Start it in one (`mosaic claude NAME`), "
                + "or set MOSAIC_URL, MOSAIC_PANE_ID and MOSAIC_TOKEN (`eval \"$(mosaic join NAME)\"` prints them), "
                + "or set MOSAIC_NAME=YourName with the hub running (`mosaic up`); then restart Claude Code.");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
