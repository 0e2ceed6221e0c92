package dev.mosaic.cli;

import dev.mosaic.client.HubAddress;
import dev.mosaic.client.HubClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;

/** Prints a fresh one-time link that logs a browser in to the web workstation, as the operator. */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = "Print a one-time link to the web workstation (works once, for 5 minutes).")
final class LoginCommand extends HubCommand implements Runnable {
    @Option(names = "--open", description = "also open the link in a browser, if one is found")
    boolean open;

    LoginCommand(Map<String, String> env) {
        super(env);
    }

    @Override
    public void run() {
        // Always the operator's token from hub.json: a pane's token in the environment cannot make links.
        HubClient operator = new HubClient(HubAddress.operator(HubAddress.home(env)));
        String url = operator.loginLink().path("url").asString();
        out().println(url);
        out().flush();
        if (open) {
            new BrowserOpener(env).open(url).ifPresent(why -> spec.commandLine().getErr().println("mosaic: " + why));
        }
    }
}
