package dev.mosaic.channel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/** The random secret the hub must present on every push; never logged. */
final class PushSecret {
    private final String value;
    private final byte[] expectedHeader;

    PushSecret(String value) {
        this.value = value;
        this.expectedHeader = ("Bearer " + value).getBytes(StandardCharsets.UTF_8);
    }

    /** 32 random bytes, base64url without padding: 43 characters, inside the hub's 16–512 limit. */
    static PushSecret random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return new PushSecret(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    String value() {
        return value;
    }

    /** Whether an Authorization header carries this secret, compared in constant time so timing reveals nothing. */
    boolean authorizes(String authorizationHeader) {
        if (authorizationHeader == null) {
            return false;
        }
        return MessageDigest.isEqual(expectedHeader, authorizationHeader.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "PushSecret[hidden]";
    }
}
