package dev.mosaic.web;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The browser sessions of this hub run, in memory only: a cookie from a previous run names no session here. Each
 * session acts as the operator.
 */
public final class Sessions {
    /** Each login makes one; a bound keeps a login loop from growing memory. The oldest is dropped first. */
    private static final int MAX_SESSIONS = 1000;

    private final SecureRandom random = new SecureRandom();
    private final Set<String> hashes = Collections.synchronizedSet(new LinkedHashSet<>());

    /** A new session id (256 random bits, base64url): the cookie's value. */
    public String open() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        synchronized (hashes) {
            hashes.add(Secrets.hash(id));
            while (hashes.size() > MAX_SESSIONS) {
                hashes.remove(hashes.iterator().next());
            }
        }
        return id;
    }

    public boolean isOpen(String id) {
        return id != null && !id.isEmpty() && id.length() <= 100 && hashes.contains(Secrets.hash(id));
    }
}
