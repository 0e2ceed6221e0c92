package dev.mosaic.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** One run of the command line in this JVM: its exit code and what it printed on standard output and error. */
record CliRun(int exit, String out, String err) {
    /** Runs {@code mosaic ARGS…} with that environment, as a user's shell would, capturing both streams. */
    static CliRun of(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.build(env, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }
}
