package dev.mosaic.hub;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code message_id} attributes of the {@code <channel …>} tags in a prompt Claude Code took in (the
 * {@code prompt} of its UserPromptSubmit hook, DESIGN.md §10). Claude Code renders each meta entry of a channel
 * notification as an attribute; the order is not relied on, values may be quoted either way, and entities are
 * decoded, whether Claude Code escapes values or not. A tag whose attributes do not parse is skipped. When a tag names
 * an attribute twice (an unescaped subject can smuggle one in after the real one), the first wins.
 */
final class ChannelTags {
    private static final String OPEN = "<channel";
    /** A prompt holds one block, or a few taken in together: anything beyond this is not a receipt. */
    static final int MAX_IDS = 100;
    private static final int MAX_ID_LENGTH = 64;

    private ChannelTags() {
    }

    /** The message ids named by the prompt's channel tags, in order, without repeats. */
    static List<String> messageIds(String prompt) {
        Set<String> ids = new LinkedHashSet<>();
        int from = 0;
        while (ids.size() < MAX_IDS) {
            int at = prompt.indexOf(OPEN, from);
            if (at < 0) {
                break;
            }
            Parser p = new Parser(prompt, at + OPEN.length());
            Map<String, String> attributes = p.attributes();
            if (attributes != null) {
                String id = attributes.get("message_id");
                if (id != null && isId(id)) {
                    ids.add(id);
                }
            }
            from = Math.max(p.pos, at + OPEN.length());
        }
        return new ArrayList<>(ids);
    }

    /** The hub's ids are ULIDs; anything else cannot name one of its messages. */
    private static boolean isId(String s) {
        if (s.isEmpty() || s.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** Reads one tag's attributes from just after its name. */
    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s, int pos) {
            this.s = s;
            this.pos = pos;
        }

        /** The attributes up to the tag's closing {@code >}; null when this is no well-formed channel tag. */
        Map<String, String> attributes() {
            if (pos >= s.length() || !(Character.isWhitespace(s.charAt(pos)) || s.charAt(pos) == '>')) {
                return null; // "<channels", "<channel-x": another tag
            }
            Map<String, String> attributes = new HashMap<>();
            while (true) {
                skipSpace();
                if (pos >= s.length()) {
                    return null;
                }
                char c = s.charAt(pos);
                if (c == '>') {
                    pos++;
                    return attributes;
                }
                if (c == '/' && pos + 1 < s.length() && s.charAt(pos + 1) == '>') {
                    pos += 2;
                    return attributes;
                }
                String name = name();
                if (name.isEmpty()) {
                    return null;
                }
                skipSpace();
                if (pos >= s.length() || s.charAt(pos) != '=') {
                    return null;
                }
                pos++;
                skipSpace();
                String value = value();
                if (value == null) {
                    return null;
                }
                attributes.putIfAbsent(name, Entities.decode(value));
            }
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private String name() {
            int start = pos;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == ':' || c == '.') {
                    pos++;
                } else {
                    break;
                }
            }
            return s.substring(start, pos);
        }

        /** A quoted value (either quote), or a bare one up to space or {@code >}; null when a quote never closes. */
        private String value() {
            if (pos >= s.length()) {
                return null;
            }
            char q = s.charAt(pos);
            if (q == '"' || q == '\'') {
                int end = s.indexOf(q, pos + 1);
                if (end < 0) {
                    return null;
                }
                String v = s.substring(pos + 1, end);
                pos = end + 1;
                return v;
            }
            int start = pos;
            while (pos < s.length() && !Character.isWhitespace(s.charAt(pos)) && s.charAt(pos) != '>') {
                pos++;
            }
            return pos == start ? null : s.substring(start, pos);
        }
    }

    /** The character references an attribute value may carry. */
    private static final class Entities {
        private Entities() {
        }

        static String decode(String v) {
            if (v.indexOf('&') < 0) {
                return v;
            }
            StringBuilder out = new StringBuilder(v.length());
            int i = 0;
            while (i < v.length()) {
                char c = v.charAt(i);
                int semi = c == '&' ? v.indexOf(';', i) : -1;
                String decoded = semi > i && semi - i <= 10 ? entity(v.substring(i + 1, semi)) : null;
                if (decoded == null) {
                    out.append(c);
                    i++;
                } else {
                    out.append(decoded);
                    i = semi + 1;
                }
            }
            return out.toString();
        }

        private static String entity(String name) {
            switch (name) {
                case "quot": return "\"";
                case "amp": return "&";
                case "lt": return "<";
                case "gt": return ">";
                case "apos": return "'";
                default: break;
            }
            try {
                int cp = name.startsWith("#x") || name.startsWith("#X") ? Integer.parseInt(name.substring(2), 16)
                        : name.startsWith("#") ? Integer.parseInt(name.substring(1)) : -1;
                return Character.isValidCodePoint(cp) ? Character.toString(cp) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
