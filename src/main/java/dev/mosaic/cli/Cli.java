package dev.mosaic.cli;

import dev.mosaic.client.HubException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;

/** Builds the command tree and maps failures to exit codes: 0 done, 1 failed, 2 usage or bad input. */
public final class Cli {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private Cli() {
    }

    public static int run(String[] args, Map<String, String> env) {
        if (args.length == 1 && args[0].equals("channel")) {
            // As Claude Code starts it: nothing to parse, so no picocli at all. Its classes are built for Java 5, which
            // the JDK's AOT cache cannot hold, so loading them from the jar took 70 ms of a 250 ms start.
            return channel(env);
        }
        if (args.length > 0 && args[0].equals("channel")) {
            // Claude Code starts the channel for every session: build only its command. Building the whole tree
            // makes picocli reflect over every command, which loads the hub's classes (UpCommand's methods
            // mention Hub) and slows the channel's start.
            CommandLine channel = new CommandLine(new ChannelCommand(env)).setCommandName("mosaic channel");
            return withHandlers(channel).execute(Arrays.copyOfRange(args, 1, args.length));
        }
        return build(env).execute(args);
    }

    private static int channel(Map<String, String> env) {
        try {
            return new ChannelCommand(env).call();
        } catch (Exception e) {
            System.err.println("mosaic: " + message(e)); // as picocli's handler below says it
            return exitCode(e);
        }
    }

    /** The command line, printing to the given writers (tests capture them). */
    public static CommandLine build(Map<String, String> env, PrintWriter out, PrintWriter err) {
        CommandLine cl = build(env);
        cl.setOut(out);
        cl.setErr(err);
        return cl;
    }

    static CommandLine build(Map<String, String> env) {
        CommandLine cl = new CommandLine(new MosaicCommand());
        cl.addSubcommand("up", new UpCommand(env));
        cl.addSubcommand("login", new LoginCommand(env));
        cl.addSubcommand("status", new StatusCommand(env));
        cl.addSubcommand("panes", new PanesCommand(env));
        cl.addSubcommand("join", new JoinCommand(env));
        cl.addSubcommand("spawn", new SpawnCommand(env));
        cl.addSubcommand("stop", new StopCommand(env));
        cl.addSubcommand("send", new SendCommand(env));
        cl.addSubcommand("inbox", new InboxCommand(env));
        cl.addSubcommand("thread", new ThreadCommand(env));
        cl.addSubcommand("search", new SearchCommand(env));
        cl.addSubcommand("tail", new TailCommand(env));
        cl.addSubcommand("channel", new ChannelCommand(env));
        cl.addSubcommand("install", new InstallCommand(env));
        cl.addSubcommand("claude", new ClaudeCommand(env));
        cl.addSubcommand("attach", new AttachCommand(env));
        cl.addSubcommand("approvals", new ApprovalsCommand(env));
        cl.addSubcommand("approve", new AnswerCommand.Approve(env));
        cl.addSubcommand("deny", new AnswerCommand.Deny(env));
        cl.addSubcommand("room", RoomCommand.commandLine(env));
        return withHandlers(cl);
    }

    private static CommandLine withHandlers(CommandLine cl) {
        cl.setExitCodeExceptionMapper(Cli::exitCode);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("mosaic: " + message(e));
            line.getErr().flush();
            return exitCode(e);
        });
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println("mosaic: " + e.getMessage());
            c.getErr().println("Try 'mosaic " + c.getCommandName().replace("mosaic", "").strip() + " --help'.");
            c.getErr().flush();
            return USAGE;
        });
        return cl;
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    static int exitCode(Throwable e) {
        if (e instanceof UsageError) {
            return USAGE;
        }
        if (e instanceof HubException h) {
            return switch (h.status()) {
                case 400, 404, 409, 413 -> USAGE;
                default -> h.code().equals("config") ? USAGE : FAILED;
            };
        }
        return FAILED;
    }
}
