package dev.mosaic.channel;

import dev.mosaic.model.PushSignature;

import java.security.SecureRandom;
import java.util.Base64;

/** The random secret this channel gives the hub once, at registration; pushes are signed with it. Never logged. */
final class PushSecret {
    private final String value;
    private final PushSignature signature;

    PushSecret(String value) {
        this.value = value;
        this.signature = new PushSignature(value);
    }

    /** 32 random bytes, base64url without padding: 43 characters, inside the hub's 16–512 limit. */
    static PushSecret random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return new PushSecret(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** The secret itself: sent only in the registration call. */
    String value() {
        return value;
    }

    /** Checks the hub's signature on a push and proves this channel's answer. */
    PushSignature signature() {
        return signature;
    }

    @Override
    public String toString() {
        return "PushSecret[hidden]";
    }
}
