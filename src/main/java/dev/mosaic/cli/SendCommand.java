package dev.mosaic.cli;

import tools.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Sends a message, as the pane in the environment or as the operator. */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = {"Send a message. TO is a pane name or id, several separated by commas, `operator`, "
                + "or `*` for every other pane.", "Prints the id and recipient of each message stored."})
final class SendCommand extends HubCommand implements Runnable {
    @Parameters(index = "0", paramLabel = "TO", description = "recipient(s): Bob | Bob,Carol | operator | '*'")
    String to;

    @Parameters(index = "1", paramLabel = "TEXT", description = "the message ('-' reads it from standard input)")
    String text;

    @Option(names = "--subject", paramLabel = "S", description = "a subject line")
    String subject;

    @Option(names = "--reply-to", paramLabel = "ID", description = "the id of the message this answers")
    String replyTo;

    @Option(names = "--idempotency-key", paramLabel = "KEY",
            description = "sending again with the same key within 24 h stores nothing new")
    String idempotencyKey;

    @Option(names = "--json", description = "print the API's JSON")
    boolean json;

    SendCommand(Map<String, String> env) {
        super(env);
    }

    @Override
    public void run() {
        String body = textOrStdin(text, "the message");
        List<String> recipients = Arrays.stream(to.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (recipients.isEmpty()) {
            throw new UsageError("TO names no recipient");
        }
        JsonNode answer = client().send(recipients, body, subject, replyTo, idempotencyKey);
        if (json) {
            out().println(answer);
            return;
        }
        for (JsonNode m : answer.path("messages")) {
            out().println(m.path("id").asString() + "\t" + m.path("to_name").asString());
        }
    }
}
