package dev.mosaic.cli;

import dev.mosaic.client.HubAddress;
import dev.mosaic.client.HubClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Starts a command in a new pane's pseudo-terminal on the hub. */
@Command(name = "spawn", mixinStandardHelpOptions = true,
        description = {"Run a command in a new pane: a real terminal on the hub, with the pane's MOSAIC_* identity.",
                "  mosaic spawn Worker --cwd ~/src/app -- bash",
                "Prints id<TAB>name once the pane is live; watch or type into it with `mosaic attach NAME`."})
final class SpawnCommand extends HubCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "the pane's name")
    String name;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD", description = "the command and its arguments, "
            + "after --")
    List<String> command;

    @Mixin
    NewPaneOptions pane;

    @Option(names = "--cols", description = "terminal width, 10–1000 (default 120)")
    Integer cols;

    @Option(names = "--rows", description = "terminal height, 5–500 (default 32)")
    Integer rows;

    SpawnCommand(Map<String, String> env) {
        super(env);
    }

    @Override
    public Integer call() throws Exception {
        // Spawning is the operator's act, even from a shell that acts as a pane.
        HubClient operator = new HubClient(HubAddress.operator(HubAddress.home(env)));
        JsonNode created = operator.spawn(name, command, pane.directory().toString(), pane.env, cols, rows,
                pane.lead);
        return pane.finish(operator, created, out(), spec.commandLine().getErr());
    }
}
