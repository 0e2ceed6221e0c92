package dev.mosaic.cli;

import dev.mosaic.client.HubAddress;
import dev.mosaic.client.HubClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.LinkedHashMap;
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

    @Option(names = "--cwd", paramLabel = "DIR", description = "its working directory (default: this one)")
    Path cwd;

    @Option(names = "--env", paramLabel = "K=V", description = "a variable to set (repeatable)")
    Map<String, String> vars = new LinkedHashMap<>();

    @Option(names = "--cols", description = "terminal width, 10–1000 (default 120)")
    Integer cols;

    @Option(names = "--rows", description = "terminal height, 5–500 (default 32)")
    Integer rows;

    @Option(names = "--json", description = "print the API's JSON (the only time the pane's token is shown)")
    boolean json;

    @Option(names = "--attach", description = "attach this terminal to the pane at once (see `mosaic attach`)")
    boolean attach;

    SpawnCommand(Map<String, String> env) {
        super(env);
    }

    @Override
    public Integer call() throws Exception {
        // Spawning is the operator's act, even from a shell that acts as a pane.
        HubClient operator = new HubClient(HubAddress.operator(HubAddress.home(env)));
        // The hub runs elsewhere: a relative or absent directory means this shell's.
        Path dir = (cwd == null ? Path.of("") : cwd).toAbsolutePath().normalize();
        JsonNode pane = operator.spawn(name, command, dir.toString(), vars, cols, rows);
        if (attach) {
            return AttachCommand.attach(operator, pane.path("id").asString(), pane.path("name").asString(),
                    spec.commandLine().getErr());
        }
        if (json) {
            out().println(pane);
        } else {
            out().println(pane.path("id").asString() + "\t" + pane.path("name").asString());
        }
        return Cli.OK;
    }
}
