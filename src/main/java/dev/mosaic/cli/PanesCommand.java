package dev.mosaic.cli;

import tools.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;

/** Lists panes: name, status, push or poll, agent state, lead, unread. */
@Command(name = "panes", mixinStandardHelpOptions = true,
        description = "List the panes: name, status, delivery (push/poll/offline), agent state (working/idle/"
                + "needs_approval/unknown, from Claude Code's hooks), lead (the pane that may answer its approvals; "
                + "- when none), unread messages. Live panes "
                + "and exited ones with unread messages; --all shows stopped ones too.")
final class PanesCommand extends HubCommand implements Runnable {
    @Option(names = "--json", description = "print the API's JSON")
    boolean json;

    @Option(names = "--all", description = "also stopped panes, and exited ones with nothing unread")
    boolean all;

    PanesCommand(Map<String, String> env) {
        super(env);
    }

    @Override
    public void run() {
        JsonNode answer = client().panes(all);
        if (json) {
            out().println(answer);
        } else {
            Printer.panes(out(), answer.path("panes"));
        }
    }
}
