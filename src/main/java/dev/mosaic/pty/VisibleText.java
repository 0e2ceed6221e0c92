package dev.mosaic.pty;

/**
 * The printable ASCII a terminal stream shows, fed in chunks as they are read: escape sequences (CSI, OSC, DCS and
 * the short ESC forms), control characters, whitespace and non-ASCII bytes are dropped.
 *
 * <p>Whitespace goes too because full-screen programs such as Claude Code draw the gaps between words with cursor
 * moves ({@code ESC[12G}), not spaces: "Loading development" arrives as {@code Loading ESC[20G development}. Matching
 * on text with no gaps at all is the one reading that does not depend on how a gap was drawn. A sequence may be
 * split across chunks: the parser keeps its state between calls.
 */
final class VisibleText {
    private enum State { TEXT, ESCAPE, CHARSET, CSI, STRING, STRING_ESCAPE }

    private State state = State.TEXT;

    /** Appends what {@code bytes[off, off+len)} shows to {@code into}. */
    void feed(byte[] bytes, int off, int len, StringBuilder into) {
        for (int i = off; i < off + len; i++) {
            int b = bytes[i] & 0xff;
            switch (state) {
                case TEXT -> {
                    if (b == 0x1b) {
                        state = State.ESCAPE;
                    } else if (b == 0x9b) { // 8-bit CSI
                        state = State.CSI;
                    } else if (b > 0x20 && b < 0x7f) {
                        into.append((char) b);
                    }
                }
                case ESCAPE -> state = switch (b) {
                    case '[' -> State.CSI;
                    case ']', 'P', 'X', '^', '_' -> State.STRING; // OSC, DCS, SOS, PM, APC: up to BEL or ST
                    case '(', ')', '*', '+', '-', '.', '/', '#', '%', ' ' -> State.CHARSET; // one more byte follows
                    case 0x1b -> State.ESCAPE;
                    default -> State.TEXT; // ESC 7, ESC 8, ESC =, ESC M …: two bytes in all
                };
                case CHARSET -> state = State.TEXT;
                case CSI -> {
                    if (b >= 0x40 && b <= 0x7e) { // the final byte; parameters and intermediates are 0x20–0x3f
                        state = State.TEXT;
                    } else if (b == 0x1b) {
                        state = State.ESCAPE; // a broken sequence: start again at the new ESC
                    }
                }
                case STRING -> {
                    if (b == 0x07 || b == 0x9c) {
                        state = State.TEXT;
                    } else if (b == 0x1b) {
                        state = State.STRING_ESCAPE;
                    }
                }
                case STRING_ESCAPE -> state = b == '\\' ? State.TEXT : b == 0x1b ? State.STRING_ESCAPE : State.STRING;
            }
        }
    }
}
