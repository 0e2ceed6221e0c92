package dev.mosaic.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** A real `mosaic channel` child JVM (the launcher's flags), initialised as Claude Code would, stdout read by line. */
final class ChannelChild implements AutoCloseable {
    private final Process process;
    final LineReader stdout;

    ChannelChild(String hubUrl, String paneId, String token, Path home) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-XX:TieredStopAtLevel=1", "-Xmx64m", "-Xmn6m", "-XX:+UseSerialGC",
                "--enable-native-access=ALL-UNNAMED"));
        String jfr = System.getenv("MOSAIC_BENCH_CHANNEL_JFR");
        if (jfr != null) {
            cmd.add("-XX:StartFlightRecording=filename=" + jfr + "-" + paneId + ".jfr,settings=profile");
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.mosaic.cli.Main", "channel"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("MOSAIC_"));
        pb.environment().put("MOSAIC_URL", hubUrl);
        pb.environment().put("MOSAIC_PANE_ID", paneId);
        pb.environment().put("MOSAIC_TOKEN", token);
        pb.environment().put("MOSAIC_HOME", home.toString());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        process = pb.start();
        stdout = new LineReader(process.getInputStream(), ProcCpu.BENCH_THREAD + "read-" + paneId);
        OutputStream stdin = process.getOutputStream();
        stdin.write(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}\n")
                .getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        stdout.await("\"id\":1");
        stdin.write("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n".getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** CPU time the child has used so far, and its JIT compiler's part of it. */
    ProcCpu cpu() {
        return ProcCpu.of(process.pid());
    }

    @Override
    public void close() throws IOException {
        process.getOutputStream().close(); // stdin EOF: the channel unregisters and exits
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Reads the channel's stdout until interrupted, adding each notification's message id to {@code received}; a
     * second line with one id counts as a duplicate.
     */
    void countMessageIds(Set<String> received, AtomicInteger duplicates) {
        try {
            while (true) {
                LineReader.Line l = stdout.poll(1_000);
                if (l == null) {
                    continue;
                }
                int at = l.text().indexOf("\"message_id\":\"");
                if (at >= 0) {
                    int from = at + "\"message_id\":\"".length();
                    if (!received.add(l.text().substring(from, l.text().indexOf('"', from)))) {
                        duplicates.incrementAndGet();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
