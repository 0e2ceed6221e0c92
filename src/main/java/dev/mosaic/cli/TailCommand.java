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
                case "delivery" -> out().printf("  %s → %s: %s%s%n", data.path("message_id").asString(),
                        data.path("to_name").asString(), data.path("status").asString(),
                        data.path("delivered_via").isNull() ? "" : " (" + data.path("delivered_via").asString() + ")");
                case "pane" -> out().printf("  pane %s: %s, %s%n", data.path("name").asString(),
                        data.path("status").asString(), data.path("delivery").asString());
                default -> out().printf("  %s: %s%n", event, data.path("message").asString(data.toString()));
            }
        }
        out().flush();
    }
}
