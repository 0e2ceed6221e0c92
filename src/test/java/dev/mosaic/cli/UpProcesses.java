package dev.mosaic.cli;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** `mosaic up --port 0 ARGS…` as real child processes, their output in a log file; killed after each test. */
final class UpProcesses implements AfterEachCallback {
    private final List<Process> started = new ArrayList<>();

    /** Starts a hub with this MOSAIC_HOME. */
    Process up(Path home, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "up", "--port", "0"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("MOSAIC_HOME", home.toString());
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        started.add(p);
        return p;
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly().waitFor();
        }
        started.clear();
    }
}
