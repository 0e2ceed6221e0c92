package dev.mosaic.hub;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which browser origins may open a terminal: only the hub's own pages (DESIGN.md §8). Compared with the address
 * the hub listens on, not with the request's Host header, which a DNS-rebinding page controls. A request without
 * an Origin (the CLI, a test) is not a browser's and passes here; its token still has to be the operator's.
 */
final class OriginPolicy {
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");

    private final Set<String> hosts;

    OriginPolicy(String bind) {
        String host = bind.contains(":") ? "[" + bind + "]" : bind;
        boolean loopback = LOOPBACK_NAMES.contains(host) || host.startsWith("127.");
        this.hosts = loopback ? union(LOOPBACK_NAMES, host) : Set.of(host.toLowerCase(Locale.ROOT));
    }

    /** Why this Origin may not open a terminal on the hub listening on localPort, if it may not. */
    Optional<String> refusal(String origin, int localPort) {
        if (origin == null) {
            return Optional.empty();
        }
        try {
            URI u = new URI(origin);
            String host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
            int port = u.getPort() != -1 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
            if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && hosts.contains(host)
                    && port == localPort) {
                return Optional.empty();
            }
        } catch (URISyntaxException e) {
            // refused below
        }
        return Optional.of("a terminal opens only from the hub's own pages, not from origin " + origin);
    }

    private static Set<String> union(Set<String> names, String host) {
        java.util.HashSet<String> all = new java.util.HashSet<>(names);
        all.add(host.toLowerCase(Locale.ROOT));
        return Set.copyOf(all);
    }
}
