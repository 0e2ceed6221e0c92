package dev.mosaic.cli;

import tools.jackson.databind.JsonNode;

import java.io.PrintWriter;

/** How messages and panes look on a terminal. */
final class Printer {
    private Printer() {
    }

    static void message(PrintWriter out, JsonNode m) {
        String subject = m.path("subject").asString("");
        String time = m.path("created_at").asString("");
        out.printf("%s  %s → %s%s  [%s]%n", time.length() >= 19 ? time.substring(0, 19).replace('T', ' ') : time,
                m.path("from_name").asString(), m.path("to_name").asString(),
                subject.isEmpty() ? "" : "  (" + subject + ")", m.path("id").asString());
        for (String line : m.path("text").asString("").split("\n", -1)) {
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
        for (JsonNode p : panes) {
            width = Math.max(width, p.path("name").asString().length());
        }
        String row = "%-" + width + "s  %-7s  %-8s  %6s  %s%n";
        out.printf(row, "NAME", "STATUS", "DELIVERY", "UNREAD", "ID");
        for (JsonNode p : panes) {
            out.printf(row, p.path("name").asString(), p.path("status").asString(), p.path("delivery").asString(),
                    p.path("unread").asLong(), p.path("id").asString());
        }
    }
}
