package dev.mosaic.cli;

import dev.mosaic.client.HubClient;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The options `spawn` and `claude` share, and what both do once their pane is live. */
final class NewPaneOptions {
    @Option(names = "--cwd", paramLabel = "DIR", description = "the pane's working directory (default: this one)")
    Path cwd;

    @Option(names = "--env", paramLabel = "K=V", description = "a variable to set in the pane (repeatable)")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(names = "--json", description = "print the pane as JSON (the only time its token is shown)")
    boolean json;

    @Option(names = "--lead", paramLabel = "NAME", description = "a pane that may answer this pane's tool "
            + "approvals (besides the operator)")
    String lead;

    @Option(names = "--attach", description = "attach this terminal to the pane at once (see `mosaic attach`)")
    boolean attach;

    /** The directory, absolute: the hub runs elsewhere, so a relative or absent one means this shell's. */
    Path directory() {
        return (cwd == null ? Path.of("") : cwd).toAbsolutePath().normalize();
    }

    /** Attaches this terminal to the new pane, or prints it (id TAB name, or JSON); returns the exit code. */
    int finish(HubClient operator, JsonNode pane, PrintWriter out, PrintWriter err) throws Exception {
        if (attach) {
            return AttachCommand.attach(operator, pane.path("id").asString(), pane.path("name").asString(), err);
        }
        if (json) {
            out.println(pane);
        } else {
            out.println(pane.path("id").asString() + "\t" + pane.path("name").asString());
        }
        return Cli.OK;
    }
}
