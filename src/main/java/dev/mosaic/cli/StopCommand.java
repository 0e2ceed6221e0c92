package dev.mosaic.cli;

import dev.mosaic.client.HubAddress;
import dev.mosaic.client.HubClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

import java.util.Map;

/** Stops a pane by name or id; a spawned pane's processes get SIGTERM, then SIGKILL after 5 s. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = {"Stop a pane (its messages stay). A spawned pane's process group gets SIGTERM, and SIGKILL "
                + "if it still runs 5 s later."})
final class StopCommand extends HubCommand implements Runnable {
    @Parameters(index = "0", paramLabel = "NAME", description = "the pane's name or id")
    String name;

    StopCommand(Map<String, String> env) {
        super(env);
    }

    @Override
    public void run() {
        HubClient operator = new HubClient(HubAddress.operator(HubAddress.home(env)));
        JsonNode pane = operator.findPane(name);
        operator.stopPane(pane.path("id").asString());
        out().println(pane.path("id").asString() + "\t" + pane.path("name").asString() + "\tstopped");
    }
}
