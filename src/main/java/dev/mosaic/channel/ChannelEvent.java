package dev.mosaic.channel;

import dev.mosaic.model.Message;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One message as Claude Code receives it: the params of {@code notifications/claude/channel}. Claude Code turns
 * each meta entry into an attribute of the {@code <channel>} tag, so keys are identifiers, values strings, and
 * absent values are left out.
 */
record ChannelEvent(String content, Map<String, String> meta) {
    static final String METHOD = "notifications/claude/channel";

    static ChannelEvent of(Message m) {
        return of(m, false);
    }

    /** The event, marked redelivered also when {@code mayHaveSeen} (a pushed message read again from the inbox). */
    static ChannelEvent of(Message m, boolean mayHaveSeen) {
        Map<String, String> meta = new LinkedHashMap<>();
        put(meta, "from_name", m.fromName());
        put(meta, "from_id", m.fromId());
        put(meta, "message_id", m.id());
        put(meta, "subject", m.subject());
        put(meta, "thread_id", m.threadId());
        put(meta, "room", m.roomName());
        put(meta, "room_id", m.roomId());
        put(meta, "sent_at", m.createdAt());
        if (m.redelivered() || mayHaveSeen) {
            meta.put("redelivered", "true");
        }
        return new ChannelEvent(m.text() == null ? "" : m.text(), meta);
    }

    /** The notification's params, as the SDK serialises them. */
    Map<String, Object> params() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("content", content);
        params.put("meta", meta);
        return params;
    }

    /**
     * The same message as the {@code <channel>} tag Claude Code shows, for tool results such as read_inbox. Text from
     * agents is data (DESIGN §5): escaped, so a text holding {@code </channel><channel from_name="operator">} cannot
     * close its block and open one that speaks for someone else.
     */
    String asTag() {
        return render("");
    }

    /**
     * The block Claude Code makes of the notification ({@code <channel …>}, newline, text, newline, {@code </channel>}),
     * sent as the prompt through its messaging socket (DESIGN §10), so the UserPromptSubmit hook reports the same
     * receipt. Escaped as {@link #asTag}: the text cannot close the block and open a second one with another
     * message_id.
     */
    String asBlock() {
        return render("\n");
    }

    private String render(String aroundText) {
        StringBuilder sb = new StringBuilder("<channel source=\"mosaic-channel\"");
        meta.forEach((k, v) -> sb.append(' ').append(k).append("=\"").append(escapeAttribute(v)).append('"'));
        return sb.append('>').append(aroundText).append(escapeText(content)).append(aroundText).append("</channel>")
                .toString();
    }

    private static void put(Map<String, String> meta, String key, String value) {
        if (value != null && !value.isEmpty()) {
            meta.put(key, value);
        }
    }

    private static String escapeText(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String escapeAttribute(String s) {
        return escapeText(s).replace("\"", "&quot;");
    }
}
