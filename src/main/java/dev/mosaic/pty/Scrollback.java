package dev.mosaic.pty;

/**
 * The last {@code capacity} bytes a terminal wrote, in a ring: bounded by bytes, not chunks, so a chatty pane
 * costs the same memory as a quiet one. Not thread-safe: its {@link Terminal} guards it.
 */
final class Scrollback {
    private final byte[] ring;
    private long written;

    Scrollback(int capacity) {
        this.ring = new byte[capacity];
    }

    void append(byte[] bytes, int off, int len) {
        int cap = ring.length;
        if (len >= cap) {
            System.arraycopy(bytes, off + len - cap, ring, 0, cap);
            written += len;
            // Keep the ring's start at index 0 so that tail() reads it in one piece from written % cap == 0.
            written -= written % cap;
            return;
        }
        int at = (int) (written % cap);
        int first = Math.min(len, cap - at);
        System.arraycopy(bytes, off, ring, at, first);
        System.arraycopy(bytes, off + first, ring, 0, len - first);
        written += len;
    }

    int size() {
        return (int) Math.min(written, ring.length);
    }

    /** The last n bytes (all there are when fewer). */
    byte[] tail(int n) {
        int cap = ring.length;
        int count = Math.min(Math.max(n, 0), size());
        byte[] out = new byte[count];
        int start = (int) ((written - count) % cap);
        int first = Math.min(count, cap - start);
        System.arraycopy(ring, start, out, 0, first);
        System.arraycopy(ring, 0, out, first, count - first);
        return out;
    }
}
