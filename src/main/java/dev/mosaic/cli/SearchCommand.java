package dev.mosaic.cli;

import tools.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Map;

/** Full-text search over messages (DESIGN.md §6): the operator's, or a pane's own when run as that pane. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Find messages holding every word of QUERY, newest first (each with its thread id).")
final class SearchCommand extends HubCommand implements Runnable {
    @Parameters(arity = "1..*", paramLabel = "QUERY", description = "plain words; quotes and operators are words too")
    List<String> words;

    @Option(names = "--limit", paramLabel = "N", description = "at most N messages (default: 50, at most 500)")
    int limit = 50;

    @Option(names = "--json", description = "print the API's JSON")
    boolean json;

    SearchCommand(Map<String, String> env) {
        super(env);
    }

    @Override
    public void run() {
        if (limit < 1 || limit > 500) {
            throw new UsageError("--limit must be from 1 to 500");
        }
        JsonNode answer = client().search(String.join(" ", words), limit);
        if (json) {
            out().println(answer);
            return;
        }
        JsonNode found = answer.path("messages");
        if (found.isEmpty()) {
            out().println("No message holds those words.");
            return;
        }
        for (JsonNode m : found) {
            Printer.message(out(), m);
            out().println("    thread " + Printer.text(m, "thread_id"));
        }
    }
}
