package dev.mosaic.pty;

import java.util.List;

/**
 * Recognises Claude Code's development-channels warning in a pane's output, fed chunk by chunk as the PTY gives
 * it. The warning counts as on screen once its title, both options and the footer below them have been drawn
 * (Claude Code 2.1.330: "WARNING: Loading development channels" … "❯ 1. I am using this for local development" /
 * "2. Exit" … "Enter to confirm · Esc to cancel"), so the answer never goes to a half-drawn dialog. Matching
 * ignores escape sequences, cursor moves and whitespace ({@link VisibleText}).
 */
public final class DevChannelsWarning {
    /** What must appear, in this order, with gaps removed. */
    private static final List<String> MARKS = List.of(
            "WARNING:Loadingdevelopmentchannels", "1.Iamusingthisforlocaldevelopment", "2.Exit", "Entertoconfirm");
    private static final int LONGEST = MARKS.stream().mapToInt(String::length).max().orElseThrow();

    private final VisibleText parser = new VisibleText();
    private final StringBuilder text = new StringBuilder();
    private int next;

    /** Feeds output; true once every mark has been seen (and from then on). */
    public boolean feed(byte[] bytes, int off, int len) {
        if (shown()) {
            return true;
        }
        parser.feed(bytes, off, len, text);
        while (!shown()) {
            int at = text.indexOf(MARKS.get(next));
            if (at < 0) {
                // Keep only a tail that could still be the start of the mark split across chunks.
                if (text.length() > LONGEST) {
                    text.delete(0, text.length() - LONGEST);
                }
                return false;
            }
            text.delete(0, at + MARKS.get(next).length());
            next++;
        }
        text.setLength(0);
        return true;
    }

    /** True once the whole warning has been seen. */
    public boolean shown() {
        return next == MARKS.size();
    }
}
