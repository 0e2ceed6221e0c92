package dev.mosaic.cli;

import dev.mosaic.client.HubClient;
import dev.mosaic.model.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;

/** Whether the hub runs, and its panes. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the hub and its panes.")
final class StatusCommand extends HubCommand implements Runnable {
    @Option(names = "--json", description = "print JSON")
    boolean json;

    StatusCommand(Map<String, String> env) {
        super(env);
    }

    @Override
    public void run() {
        HubClient client = client();
        JsonNode health = client.health();
        JsonNode panes = client.panes().path("panes");
        if (json) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("url", client.address().url());
            o.set("health", health);
            o.set("panes", panes);
            out().println(o);
            return;
        }
        long live = 0;
        for (JsonNode p : panes) {
            live += p.path("status").asString().equals("live") ? 1 : 0;
        }
        out().printf("Hub %s is up (version %s): %d panes, %d live.%n", client.address().url(),
                health.path("version").asString(), panes.size(), live);
        out().println(client.address().isOperator() ? "You are the operator."
                : "You are pane " + client.address().paneId() + ".");
        if (!panes.isEmpty()) {
            out().println();
            Printer.panes(out(), panes);
        }
    }
}
