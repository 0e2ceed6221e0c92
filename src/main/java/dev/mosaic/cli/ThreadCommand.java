package dev.mosaic.cli;

import tools.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;

/** Shows a thread in order. */
@Command(name = "thread", mixinStandardHelpOptions = true, description = "Show a thread, oldest message first.")
final class ThreadCommand extends HubCommand implements Runnable {
    @Parameters(index = "0", paramLabel = "ID", description = "the thread's id (the id of its first message)")
    String threadId;

    @Option(names = "--json", description = "print the API's JSON")
    boolean json;

    ThreadCommand(Map<String, String> env) {
        super(env);
    }

    @Override
    public void run() {
        JsonNode answer = client().thread(threadId);
        if (json) {
            out().println(answer);
        } else {
            Printer.messages(out(), answer.path("messages"), "The thread is empty.");
        }
    }
}
