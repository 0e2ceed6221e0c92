package dev.mosaic.cli;

import dev.mosaic.client.HubException;
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

    /**
     * Follows the stream; when the hub ends it (it drops a reader that fell too far behind), reconnects once with
     * the last event id so nothing is missed, or the hub says what was. A hub that is gone ends the command.
     */
    @Override
    public void run() {
        String lastId = follow(client().events(), null);
        while (lastId != null) {
            HttpResponse<Stream<String>> again;
            try {
                again = client().events(lastId);
            } catch (HubException e) {
                return; // the stream ended because the hub stopped: the end of the tail, as before
            }
            String resumedFrom = lastId;
            lastId = follow(again, lastId);
            if (lastId.equals(resumedFrom)) {
                return; // nothing came since the last connection: the hub is closing, not dropping us
            }
        }
    }

    /** Prints events until the stream ends; returns the id of the last one (or the one it started after). */
    private String follow(HttpResponse<Stream<String>> stream, String lastId) {
        String event = null;
        Iterator<String> lines = stream.body().iterator();
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("id:")) {
                lastId = line.substring(3).strip();
            } else if (line.startsWith("event:")) {
                event = line.substring(6).strip();
            } else if (line.startsWith("data:") && event != null) {
                print(event, Json.MAPPER.readTree(line.substring(5).strip()));
                event = null;
            }
        }
        return lastId;
    }

    private void print(String event, JsonNode data) {
        if (json) {
            out().println(Json.MAPPER.createObjectNode().put("event", event).set("data", data));
        } else {
            switch (event) {
                case "message" -> Printer.message(out(), data);
                case "delivery" -> out().printf("  %s → %s: %s%s%s%n", Printer.text(data, "message_id"),
                        Printer.text(data, "to_name"),
                        data.path("seen").asBoolean(false) ? "seen" : Printer.text(data, "status"),
                        data.path("delivered_via").isNull() ? "" : " (" + Printer.text(data, "delivered_via") + ")",
                        data.path("redelivered").asBoolean(false) ? ", redelivered" : "");
                case "pane" -> out().printf("  pane %s: %s, %s%n", Printer.text(data, "name"),
                        Printer.text(data, "status"), Printer.text(data, "delivery"));
                case "room" -> out().printf("  room %s: %s, %s, %d/%d turns%s%n", Printer.text(data, "name"),
                        Printer.text(data, "policy"), Printer.text(data, "status"), data.path("turns_used").asInt(),
                        data.path("max_turns").asInt(), data.path("whose_turn").isObject()
                                ? ", " + Printer.text(data.path("whose_turn"), "name") + "'s turn" : "");
                default -> out().printf("  %s: %s%n", TerminalText.clean(event),
                        TerminalText.clean(data.path("message").asString(data.toString())));
            }
        }
        out().flush();
    }
}
