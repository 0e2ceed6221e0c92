package dev.mosaic.cli;

import dev.mosaic.model.Json;
import tools.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;

/** Follows the hub's event stream (operator only). */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Follow the hub's events: messages, deliveries, pane changes (operator only). Ctrl-C stops.")
final class TailCommand extends HubCommand implements Runnable {
    @Option(names = "--json", description = "print each event as one JSON line: {\"event\": …, \"data\": …}")
    boolean json;

    TailCommand(Map<String, String> env) {
        super(env);
    }

    @Override
    public void run() {
        HttpResponse<Stream<String>> stream = client().events();
        String event = null;
        Iterator<String> lines = stream.body().iterator();
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("event:")) {
                event = line.substring(6).strip();
            } else if (line.startsWith("data:") && event != null) {
                print(event, Json.MAPPER.readTree(line.substring(5).strip()));
                event = null;
            }
        }
    }

    private void print(String event, JsonNode data) {
        if (json) {
            out().println(Json.MAPPER.createObjectNode().put("event", event).set("data", data));
        } else {
            switch (event) {
                case "message" -> Printer.message(out(), data);
                case "delivery" -> out().printf("  %s → %s: %s%s%n", Printer.text(data, "message_id"),
                        Printer.text(data, "to_name"), Printer.text(data, "status"),
                        data.path("delivered_via").isNull() ? "" : " (" + Printer.text(data, "delivered_via") + ")");
                case "pane" -> out().printf("  pane %s: %s, %s%n", Printer.text(data, "name"),
                        Printer.text(data, "status"), Printer.text(data, "delivery"));
                default -> out().printf("  %s: %s%n", TerminalText.clean(event),
                        TerminalText.clean(data.path("message").asString(data.toString())));
            }
        }
        out().flush();
    }
}
