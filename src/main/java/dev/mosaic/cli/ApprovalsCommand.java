package dev.mosaic.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** Lists tool approvals: those waiting by default, every one with --all. */
@Command(name = "approvals", mixinStandardHelpOptions = true,
        description = {"List the tool approvals Claude Code asked for: those waiting, or every one with --all.",
                "Answer a relayed one with `mosaic approve ID` or `mosaic deny ID`; one that is not relayed waits "
                        + "in its pane's terminal. As a pane (MOSAIC_* set), lists those of the panes it leads."})
final class ApprovalsCommand extends HubCommand implements Runnable {
    @Option(names = "--all", description = "also the answered ones")
    boolean all;

    @Option(names = "--json", description = "print the API's JSON")
    boolean json;

    private final Clock clock;

    ApprovalsCommand(Map<String, String> env) {
        this(env, Clock.systemUTC());
    }

    ApprovalsCommand(Map<String, String> env, Clock clock) {
        super(env);
        this.clock = clock;
    }

    @Override
    public void run() {
        JsonNode answer = client().approvals(all ? null : "pending");
        if (json) {
            out().println(answer);
            return;
        }
        JsonNode list = answer.path("approvals");
        if (list.isEmpty()) {
            out().println(all ? "No approvals yet." : "No approvals waiting.");
            return;
        }
        int idWidth = 2;
        int paneWidth = 4;
        int toolWidth = 4;
        for (JsonNode a : list) {
            idWidth = Math.max(idWidth, Printer.text(a, "id").length());
            paneWidth = Math.max(paneWidth, Printer.text(a, "pane_name").length());
            toolWidth = Math.max(toolWidth, Printer.text(a, "tool_name").length());
        }
        String row = "%-" + idWidth + "s  %-" + paneWidth + "s  %-" + toolWidth + "s  %-20s  %s%n";
        out().printf(row, "ID", "PANE", "TOOL", "STATUS", "AGE");
        Instant now = clock.instant();
        for (JsonNode a : list) {
            out().printf(row, Printer.text(a, "id"), Printer.text(a, "pane_name"), Printer.text(a, "tool_name"),
                    status(a), age(Printer.text(a, "created_at"), now));
        }
    }

    /** pending, allowed, denied (through the hub), answered_in_terminal; "pending (terminal)" if only it can answer. */
    private static String status(JsonNode a) {
        String status = Printer.text(a, "status");
        return switch (status) {
            case "answered" -> Printer.text(a, "behavior").equals("allow") ? "allowed" : "denied";
            case "pending" -> a.path("relayed").asBoolean() ? "pending" : "pending (terminal)";
            default -> status;
        };
    }

    /** How long ago, in its largest whole unit: 42s, 5m, 3h, 2d. */
    static String age(String createdAt, Instant now) {
        Duration d;
        try {
            d = Duration.between(Instant.parse(createdAt), now);
        } catch (DateTimeParseException e) {
            return "?";
        }
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m";
        }
        if (s < 86_400) {
            return s / 3600 + "h";
        }
        return s / 86_400 + "d";
    }
}
