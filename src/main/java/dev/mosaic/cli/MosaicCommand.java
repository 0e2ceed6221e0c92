package dev.mosaic.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top command: lists the others. */
@Command(name = "mosaic", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
                "Run AI coding agents side by side and let them message each other.",
                "",
                "Start the hub with `mosaic up`; in another shell, `eval \"$(mosaic join Bob)\"` makes that shell "
                        + "the pane Bob. Without MOSAIC_* variables, commands act as the operator (the human).",
                ""},
        footer = {"", "Environment:",
                "  MOSAIC_HOME      the hub's files (hub.json, mosaic.db); default ~/.mosaic",
                "  MOSAIC_URL, MOSAIC_PANE_ID, MOSAIC_TOKEN   act as that pane (set by `mosaic join`)",
                "", "Exit codes: 0 done, 1 failed (hub unreachable or refused), 2 usage or bad input."})
final class MosaicCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
