package dev.mosaic.cli;

import dev.mosaic.client.HubAddress;
import dev.mosaic.client.HubClient;
import tools.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;

/** Adds an outside pane and prints the shell lines that make a shell act as it. */
@Command(name = "join", mixinStandardHelpOptions = true,
        description = {"Add a pane for a process the hub did not start, and print the lines that make a shell "
                + "act as it:", "  eval \"$(mosaic join Bob)\""})
final class JoinCommand extends HubCommand implements Runnable {
    @Parameters(index = "0", paramLabel = "NAME", description = "the pane's name (its tab title)")
    String name;

    @Option(names = "--json", description = "print the API's JSON (the only time the token is shown)")
    boolean json;

    JoinCommand(Map<String, String> env) {
        super(env);
    }

    @Override
    public void run() {
        // Joining is the operator's act, even from a shell that already acts as a pane.
        HubClient operator = new HubClient(HubAddress.operator(HubAddress.home(env)));
        JsonNode pane = operator.join(name);
        if (json) {
            out().println(pane);
            return;
        }
        out().printf("export MOSAIC_URL=%s MOSAIC_PANE_ID=%s MOSAIC_TOKEN=%s MOSAIC_NAME=%s%n",
                shellQuote(operator.address().url()), shellQuote(pane.path("id").asString()),
                shellQuote(pane.path("token").asString()), shellQuote(pane.path("name").asString()));
    }

    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
