package dev.mosaic.model;

import java.security.SecureRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sortable unique ids (ULID layout: 48-bit milliseconds, 80 random bits, Crockford base32). Within one
 * millisecond the random part is incremented, so ids from one generator sort in the order they were made.
 */
public final class MessageIds {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private final SecureRandom random = new SecureRandom();
    private final ReentrantLock lock = new ReentrantLock();
    private long lastMillis = -1;
    private long randHi; // 16 bits
    private long randLo; // 64 bits

    public String next() {
        lock.lock();
        try {
            long now = System.currentTimeMillis();
            if (now > lastMillis) {
                lastMillis = now;
                randHi = random.nextInt(1 << 16);
                randLo = random.nextLong();
            } else {
                randLo++;
                if (randLo == 0) {
                    randHi = (randHi + 1) & 0xFFFF;
                }
            }
            return encode(lastMillis, randHi, randLo);
        } finally {
            lock.unlock();
        }
    }

    private static String encode(long millis, long hi, long lo) {
        char[] out = new char[26];
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (millis & 31)];
            millis >>>= 5;
        }
        // 80 random bits = 16 chars: 64 bits of lo, then 16 bits of hi, read from the low end up.
        for (int i = 25; i >= 10; i--) {
            out[i] = ALPHABET[(int) (lo & 31)];
            lo = (lo >>> 5) | ((hi & 31) << 59);
            hi >>>= 5;
        }
        return new String(out);
    }
}
