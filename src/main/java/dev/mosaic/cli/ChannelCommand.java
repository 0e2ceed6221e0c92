package dev.mosaic.cli;

import picocli.CommandLine.Command;

import java.util.Map;
import java.util.concurrent.Callable;

/** The MCP stdio server Claude Code starts. */
@Command(name = "channel", mixinStandardHelpOptions = true,
        description = "Run the MCP channel server on stdio (Claude Code starts this; see `mosaic install`).")
final class ChannelCommand implements Callable<Integer> {
    private final Map<String, String> env;

    ChannelCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        System.err.println("mosaic channel: not available yet in this build (" + env.size() + " variables)");
        return Cli.FAILED;
    }
}
