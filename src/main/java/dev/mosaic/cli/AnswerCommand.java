package dev.mosaic.cli;

import dev.mosaic.client.HubException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.concurrent.Callable;

/** `mosaic approve ID` and `mosaic deny ID`: answers a relayed tool approval, as the operator or as a pane's lead. */
abstract class AnswerCommand extends HubCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "the approval's id (`mosaic approvals` lists them)")
    String id;

    private final String behavior;

    AnswerCommand(Map<String, String> env, String behavior) {
        super(env);
        this.behavior = behavior;
    }

    @Override
    public Integer call() {
        JsonNode a;
        try {
            a = client().answerApproval(id, behavior);
        } catch (HubException e) {
            if (e.status() == 404 || e.status() == 409 || e.status() == 403) {
                // Not a usage mistake: the approval is gone, answered, or not this caller's to answer.
                spec.commandLine().getErr().println("mosaic: " + TerminalText.clean(e.getMessage()));
                spec.commandLine().getErr().flush();
                return Cli.FAILED;
            }
            throw e;
        }
        String what = (behavior.equals("allow") ? "Allowed " : "Denied ") + Printer.text(a, "tool_name") + " for "
                + Printer.text(a, "pane_name") + " (" + Printer.text(a, "id") + ")";
        out().println(switch (Printer.text(a, "relay_state")) {
            case "delivered" -> what + "; Claude Code has the answer.";
            case "failed" -> what + ", but it cannot reach Claude Code: answer in the pane's terminal.";
            default -> what + "; its channel has not taken it yet, the hub keeps retrying (if the prompt stays "
                    + "open, answer in the pane's terminal).";
        });
        return Cli.OK;
    }

    /** Allows the tool call. */
    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Allow a relayed tool approval (the first answer wins, here or in the terminal).")
    static final class Approve extends AnswerCommand {
        Approve(Map<String, String> env) {
            super(env, "allow");
        }
    }

    /** Refuses the tool call. */
    @Command(name = "deny", mixinStandardHelpOptions = true,
            description = "Deny a relayed tool approval (the first answer wins, here or in the terminal).")
    static final class Deny extends AnswerCommand {
        Deny(Map<String, String> env) {
            super(env, "deny");
        }
    }
}
