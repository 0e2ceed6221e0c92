package dev.mosaic.cli;

import dev.mosaic.client.HubAddress;
import dev.mosaic.client.HubClient;
import dev.mosaic.client.HubException;
import dev.mosaic.client.TerminalConnection;
import dev.mosaic.client.TerminalListener;
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
                // A terminal that does not say its size gets the hub's default one.
                LocalTerminal.Size size = local.size().map(AttachCommand::withinLimits)
                        .orElse(new LocalTerminal.Size(120, 32));
                end = session.run(local.input(), link, size.columns(), size.rows());
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

    private static void sendSize(AttachSession.Link link, LocalTerminal.Size size) {
        try {
            LocalTerminal.Size within = withinLimits(size);
            link.resize(within.columns(), within.rows());
        } catch (HubException e) {
            // the connection is closing; the session ends on its own
        }
    }

    /** The size clamped to the hub's limits (§8). */
    private static LocalTerminal.Size withinLimits(LocalTerminal.Size size) {
        return new LocalTerminal.Size(Math.max(10, Math.min(1000, size.columns())),
                Math.max(5, Math.min(500, size.rows())));
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
