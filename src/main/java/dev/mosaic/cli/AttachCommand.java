package dev.mosaic.cli;

import dev.mosaic.client.HubAddress;
import dev.mosaic.client.HubClient;
import dev.mosaic.client.HubException;
import dev.mosaic.client.TerminalConnection;
import dev.mosaic.client.TerminalListener;
import org.jline.terminal.Size;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

/** Makes this terminal the pane's until Ctrl-] (detach) or the pane's exit. */
@Command(name = "attach", mixinStandardHelpOptions = true,
        description = {"Make this terminal the pane's: what you type goes to its program, what it writes shows "
                + "here, and its window follows yours. Ctrl-] detaches (the pane runs on). When the program exits, "
                + "attach exits with its code."})
final class AttachCommand extends HubCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "the pane's name or id")
    String name;

    AttachCommand(Map<String, String> env) {
        super(env);
    }

    @Override
    public Integer call() throws Exception {
        HubClient operator = new HubClient(HubAddress.operator(HubAddress.home(env)));
        JsonNode pane = operator.findPane(name);
        return attach(operator, pane.path("id").asString(), pane.path("name").asString(), err());
    }

    /** Attaches to the pane with that id; also the end of {@code spawn --attach} and {@code claude --attach}. */
    static int attach(HubClient operator, String paneId, String paneName, PrintWriter err) throws Exception {
        AttachSession.End end;
        try (LocalTerminal local = LocalTerminal.open()) {
            // A SIGTERM or SIGHUP ends the JVM through its shutdown hooks: the terminal is restored there too.
            Thread restore = new Thread(local::close, "mosaic-attach-restore");
            Runtime.getRuntime().addShutdownHook(restore);
            try {
                AttachSession session = new AttachSession(local.output());
                TerminalConnection connection = operator.terminal(paneId, new TerminalListener() {
                    @Override
                    public void output(byte[] bytes) {
                        session.output(bytes);
                    }

                    @Override
                    public void exited(int code) {
                        session.exited(code);
                    }

                    @Override
                    public void closed(int status, String reason) {
                        session.lost("the hub closed the terminal (" + status
                                + (reason == null || reason.isBlank() ? "" : ": " + reason) + ")");
                    }
                });
                AttachSession.Link link = new AttachSession.Link() {
                    @Override
                    public void input(byte[] bytes) {
                        connection.sendInput(bytes);
                    }

                    @Override
                    public void resize(int cols, int rows) {
                        connection.resize(cols, rows);
                    }

                    @Override
                    public void close() {
                        connection.close();
                    }
                };
                local.onResize(size -> sendSize(link, size));
                Size size = local.size();
                end = session.run(local.input(), link, clamp(size.getColumns(), 10, 1000, 120),
                        clamp(size.getRows(), 5, 500, 32));
            } finally {
                local.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(restore);
                } catch (IllegalStateException e) {
                    // the JVM is already shutting down: the hook restores (again, harmlessly)
                }
            }
        }
        // The note goes after the restore, on a line of its own, below whatever the program left on screen.
        return switch (end) {
            case AttachSession.End.Detached d -> {
                err.println("\r\n[mosaic: detached from " + paneName + "; it runs on]");
                yield Cli.OK;
            }
            case AttachSession.End.Exited x -> {
                err.println("\r\n[mosaic: " + paneName + " exited with code " + x.code() + "]");
                yield x.code();
            }
            case AttachSession.End.Lost l -> {
                err.println("\r\nmosaic: lost " + paneName + "'s terminal: " + l.reason());
                yield Cli.FAILED;
            }
        };
    }

    private static void sendSize(AttachSession.Link link, Size size) {
        try {
            link.resize(clamp(size.getColumns(), 10, 1000, 120), clamp(size.getRows(), 5, 500, 32));
        } catch (HubException e) {
            // the connection is closing; the session ends on its own
        }
    }

    /** The hub's limits (§8); 0 means the terminal did not say, then the hub's default. */
    private static int clamp(int value, int min, int max, int unknown) {
        return value <= 0 ? unknown : Math.max(min, Math.min(max, value));
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
