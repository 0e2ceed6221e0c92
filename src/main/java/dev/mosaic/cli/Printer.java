package dev.mosaic.cli;

import tools.jackson.databind.JsonNode;

import java.io.PrintWriter;

/** How messages and panes look on a terminal; whatever came from agents is printed through {@link TerminalText}. */
final class Printer {
    private Printer() {
    }

    static void message(PrintWriter out, JsonNode m) {
        String subject = text(m, "subject");
        String time = text(m, "created_at");
        out.printf("%s  %s → %s%s  [%s]%n", time.length() >= 19 ? time.substring(0, 19).replace('T', ' ') : time,
                text(m, "from_name"), text(m, "to_name"), subject.isEmpty() ? "" : "  (" + subject + ")",
                text(m, "id"));
        for (String line : text(m, "text").split("\n", -1)) {
            out.println("    " + line);
        }
    }

    static void messages(PrintWriter out, JsonNode list, String whenEmpty) {
        if (list.isEmpty()) {
            out.println(whenEmpty);
            return;
        }
        for (JsonNode m : list) {
            message(out, m);
        }
    }

    static void panes(PrintWriter out, JsonNode panes) {
        if (panes.isEmpty()) {
            out.println("No panes yet. Add one with `mosaic join NAME`.");
            return;
        }
        int width = 4;
        int leadWidth = 4;
        for (JsonNode p : panes) {
            width = Math.max(width, text(p, "name").length());
            leadWidth = Math.max(leadWidth, lead(p).length());
        }
        String row = "%-" + width + "s  %-7s  %-8s  %-14s  %-" + leadWidth + "s  %6s  %s%n";
        out.printf(row, "NAME", "STATUS", "DELIVERY", "AGENT", "LEAD", "UNREAD", "ID");
        for (JsonNode p : panes) {
            out.printf(row, text(p, "name"), text(p, "status"), text(p, "delivery"), text(p, "agent_state"), lead(p),
                    p.path("unread").asLong(), text(p, "id"));
        }
    }

    /** The name of the pane's lead (who may answer its approvals, DESIGN §10), or "-" when it has none. */
    private static String lead(JsonNode pane) {
        String name = text(pane.path("lead"), "name");
        return name.isEmpty() ? "-" : name;
    }

    /** A string field of what the hub answered, safe for the terminal. */
    static String text(JsonNode node, String field) {
        return TerminalText.clean(node.path(field).asString(""));
    }
}
