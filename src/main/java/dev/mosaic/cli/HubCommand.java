package dev.mosaic.cli;

import dev.mosaic.client.HubAddress;
import dev.mosaic.client.HubClient;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Map;

/** A command that talks to a running hub, as the pane in the environment or as the operator. */
abstract class HubCommand {
    @Spec
    CommandSpec spec;

    protected final Map<String, String> env;

    HubCommand(Map<String, String> env) {
        this.env = env;
    }

    HubClient client() {
        return new HubClient(HubAddress.resolve(env));
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** The TEXT argument as given, or standard input when it is {@code -}; {@code what} names it in an error. */
    static String textOrStdin(String text, String what) {
        if (!"-".equals(text)) {
            return text;
        }
        try {
            return new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new UsageError("cannot read " + what + " from standard input: " + e.getMessage());
        }
    }
}
