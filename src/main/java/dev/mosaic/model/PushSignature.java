package dev.mosaic.model;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * The signed push of DESIGN §4/§5, both ways, keyed by a channel's secret: the hub signs each push (a timestamp and
 * the body) and the channel proves its 2xx (the same timestamp and the ids it delivered). Neither side sends the
 * secret, so a stranger that took a dead channel's port learns nothing and cannot fake a delivery.
 */
public final class PushSignature {
    public static final String TIMESTAMP_HEADER = "Mosaic-Timestamp";
    public static final String SIGNATURE_HEADER = "Mosaic-Signature";
    public static final String PROOF_HEADER = "Mosaic-Proof";
    private static final String ALGORITHM = "HmacSHA256";
    private static final String VERSION = "v1=";

    /**
     * Keyed once and never used itself: each signature works on a clone. Looking up and keying a Mac per signature was
     * 11 % of a channel's CPU per push (BENCHMARKS.md); a clone copies the keyed state, and a Mac is not thread-safe.
     */
    private final Mac keyed;

    public PushSignature(String secret) {
        try {
            this.keyed = Mac.getInstance(ALGORITHM);
            keyed.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + ALGORITHM, e);
        }
    }

    /** The {@code Mosaic-Signature} value for a push made at {@code timestamp} (epoch ms) with this body. */
    public String sign(long timestamp, byte[] body) {
        return VERSION + hmac(prefix(timestamp), body);
    }

    /** Whether a {@code Mosaic-Signature} value signs this timestamp and body; constant time in the content. */
    public boolean signs(String header, long timestamp, byte[] body) {
        return matches(header, sign(timestamp, body));
    }

    /** The {@code Mosaic-Proof} value a channel answers with after delivering these ids (in body order). */
    public String prove(long timestamp, List<String> ids) {
        return VERSION + hmac(prefix(timestamp), String.join(",", ids).getBytes(StandardCharsets.UTF_8));
    }

    /** Whether a {@code Mosaic-Proof} value proves delivery of these ids for the push made at this timestamp. */
    public boolean proves(String header, long timestamp, List<String> ids) {
        return matches(header, prove(timestamp, ids));
    }

    private static byte[] prefix(long timestamp) {
        return (timestamp + ".").getBytes(StandardCharsets.UTF_8);
    }

    private String hmac(byte[] prefix, byte[] data) {
        try {
            Mac mac = (Mac) keyed.clone();
            mac.update(prefix);
            return HexFormat.of().formatHex(mac.doFinal(data));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's " + ALGORITHM + " cannot be cloned", e);
        }
    }

    /** Compared as bytes in constant time, so how long a wrong guess took reveals nothing of the right one. */
    private static boolean matches(String header, String expected) {
        return header != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                header.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "PushSignature[key hidden]";
    }
}
