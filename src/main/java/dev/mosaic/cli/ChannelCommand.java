package dev.mosaic.cli;

import dev.mosaic.channel.Channel;
import picocli.CommandLine.Command;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;

/** The MCP stdio server Claude Code starts. */
@Command(name = "channel", mixinStandardHelpOptions = true,
        description = {"Run the MCP channel server on stdio (Claude Code starts this; see `mosaic install`).",
                "Finds the hub from MOSAIC_URL, MOSAIC_PANE_ID and MOSAIC_TOKEN, else joins as MOSAIC_NAME using "
                        + "MOSAIC_HOME/hub.json. Logs go to stderr: stdout carries only MCP."})
final class ChannelCommand implements Callable<Integer> {
    private final Map<String, String> env;

    ChannelCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        // Claude Code files every stderr line of a server under [ERROR] in its debug log, so the channel says only
        // what needs attention unless MOSAIC_LOG asks for more (info, debug).
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", env.getOrDefault("MOSAIC_LOG", "warn"));
        // stdout belongs to MCP: keep the real one for the transport and send any stray print to stderr. Buffered,
        // since the SDK flushes after each message: one write per line, so a reader never sees half a line.
        OutputStream stdout = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        Channel channel = Channel.start(env, System.in, stdout, new VersionProvider().getVersion()[0]
                .replace("mosaic ", ""));
        Thread onSignal = new Thread(channel::close, "mosaic-channel-shutdown");
        Runtime.getRuntime().addShutdownHook(onSignal);
        channel.awaitEndOfInput();
        channel.close();
        try {
            Runtime.getRuntime().removeShutdownHook(onSignal);
        } catch (IllegalStateException e) {
            // already shutting down: the hook closes the channel (a second close does nothing)
        }
        return Cli.OK;
    }
}
