package dev.mosaic.cli;

import java.util.regex.Pattern;

/**
 * Text from agents made safe to print on a terminal (DESIGN §5: text is data): without the control sequences a
 * terminal would act on — clear the screen, set the title, write the clipboard (OSC 52), answer a query into the
 * operator's shell — and without lone control characters or bidi overrides. Newlines and tabs stay; nothing else is changed.
 */
final class TerminalText {
    /**
     * CSI (ESC [ or 8-bit CSI) with its parameters and final byte; the string sequences OSC, DCS, SOS, PM and APC
     * (7- or 8-bit introducer) up to their terminator (BEL or ST), or to the end of the line when unterminated, so
     * the next line survives; any other escape with its intermediates and final byte.
     */
    private static final Pattern SEQUENCE = Pattern.compile(
            "(?:\\u001b\\[|\\u009b)[0-?]*[ -/]*[@-~]"
            + "|(?:\\u001b[\\]PX^_]|[\\u009d\\u0090\\u0098\\u009e\\u009f])[^\\u0007\\n]*?(?:\\u0007|\\u001b\\\\|\\u009c|(?=\\n)|$)"
            + "|\\u001b[ -/]*[0-~]");
    /**
     * C0 controls but newline and tab, DEL, C1 controls, whatever is left of a broken sequence (a lone ESC), and the
     * bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) that make a terminal show text in another
     * order than it reads ("Trojan Source"). Right-to-left letters themselves stay.
     */
    private static final Pattern CONTROL =
            Pattern.compile("[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]");

    private TerminalText() {
    }

    /** The text without terminal control sequences; null reads as empty. */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        return CONTROL.matcher(SEQUENCE.matcher(text).replaceAll("")).replaceAll("");
    }
}
