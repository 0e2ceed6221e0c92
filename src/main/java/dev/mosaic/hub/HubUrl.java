package dev.mosaic.hub;

import java.util.concurrent.atomic.AtomicReference;

/** The hub's own base URL, known once the server listens (port 0 picks it then); spawned panes get it. */
final class HubUrl {
    private final AtomicReference<String> url = new AtomicReference<>();

    void set(String value) {
        url.set(value);
    }

    String get() {
        String u = url.get();
        if (u == null) {
            throw new IllegalStateException("the hub is not listening yet");
        }
        return u;
    }
}
