package dev.mosaic.cli;

import tools.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;

/** Reads the inbox of the pane in the environment (the operator's without one). */
@Command(name = "inbox", mixinStandardHelpOptions = true,
        description = "Read your queued messages, oldest first; they are then marked read (unless --peek).")
final class InboxCommand extends HubCommand implements Runnable {
    @Option(names = "--peek", description = "show without marking read")
    boolean peek;

    @Option(names = "--wait", paramLabel = "S", description = "wait up to S seconds (max 60) for a message")
    double wait;

    @Option(names = "--limit", paramLabel = "N", description = "at most N messages (1-100, default 100)")
    int limit = 100;

    @Option(names = "--all", description = "also pushed messages not yet read (an agent may have missed them)")
    boolean all;

    @Option(names = "--json", description = "print the API's JSON")
    boolean json;

    InboxCommand(Map<String, String> env) {
        super(env);
    }

    @Override
    public void run() {
        if (wait < 0 || wait > 60) {
            throw new UsageError("--wait must be from 0 to 60 seconds");
        }
        if (limit < 1 || limit > 100) {
            throw new UsageError("--limit must be from 1 to 100");
        }
        JsonNode answer = client().inbox(limit, peek, all, wait);
        if (json) {
            out().println(answer);
        } else {
            Printer.messages(out(), answer.path("messages"), "No new messages.");
        }
    }
}
