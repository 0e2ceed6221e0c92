package dev.mosaic.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One-time login codes (DESIGN.md §9): each works once, within five minutes of being made, and only on this hub
 * run (they live in memory). A redeemed or expired code is remembered for a while so the page can say which it was.
 */
public final class LoginCodes {
    /** How long a code works. */
    public static final Duration LIFETIME = Duration.ofMinutes(5);
    /** How long a used or expired code is still told apart from a made-up one. */
    private static final Duration REMEMBERED = Duration.ofHours(1);
    /** Codes are made only by the operator, but a loop in a script must not grow memory without limit. */
    private static final int MAX_CODES = 1000;

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Keyed by the code's hash, oldest first. */
    private final Map<String, Issued> codes = new LinkedHashMap<>();

    public LoginCodes(Clock clock) {
        this.clock = clock;
    }

    /** A new code, 128 random bits as base64url. */
    public synchronized String issue() {
        forgetOld();
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        codes.put(Secrets.hash(code), new Issued(clock.instant().plus(LIFETIME), false));
        while (codes.size() > MAX_CODES) {
            Iterator<String> oldest = codes.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return code;
    }

    /** Uses up the code if it is good, and says what it was. */
    public synchronized Redemption redeem(String code) {
        if (code == null || code.isEmpty() || code.length() > 100) {
            return Redemption.UNKNOWN;
        }
        String key = Secrets.hash(code);
        Issued issued = codes.get(key);
        if (issued == null) {
            return Redemption.UNKNOWN;
        }
        if (issued.used()) {
            return Redemption.USED;
        }
        if (!clock.instant().isBefore(issued.expiresAt())) {
            return Redemption.EXPIRED;
        }
        codes.put(key, new Issued(issued.expiresAt(), true));
        return Redemption.ACCEPTED;
    }

    private void forgetOld() {
        Instant cutoff = clock.instant().minus(REMEMBERED);
        codes.values().removeIf(i -> i.expiresAt().isBefore(cutoff));
    }

    /** What a code turned out to be. */
    public enum Redemption { ACCEPTED, USED, EXPIRED, UNKNOWN }

    private record Issued(Instant expiresAt, boolean used) {
    }
}
