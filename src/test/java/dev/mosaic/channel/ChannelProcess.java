package dev.mosaic.channel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** How tests start `mosaic channel` as a child JVM: this JDK, this classpath, the channel's launcher flags. */
final class ChannelProcess {
    private ChannelProcess() {
    }

    /** A marker in the command line, so the test can find the child's pid among its children. */
    static String newMarker() {
        return "-Dmosaic.test.channel=" + UUID.randomUUID();
    }

    static String java() {
        return ProcessHandle.current().info().command().orElseThrow();
    }

    static List<String> args(String marker, String... jvmFlags) {
        List<String> args = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1", "-Xmx64m", "-XX:+UseSerialGC",
                marker));
        args.addAll(List.of(jvmFlags));
        args.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.mosaic.cli.Main", "channel"));
        return args;
    }

    static List<String> command(String marker, String... jvmFlags) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(args(marker, jvmFlags));
        return cmd;
    }

    /** The environment of a pane: the three variables `mosaic join` prints, and a home of its own. */
    static Map<String, String> paneEnv(String url, String paneId, String token, String home) {
        Map<String, String> env = new HashMap<>();
        env.put("MOSAIC_URL", url);
        env.put("MOSAIC_PANE_ID", paneId);
        env.put("MOSAIC_TOKEN", token);
        env.put("MOSAIC_HOME", home);
        env.put("MOSAIC_LOG", "info"); // the tests read the channel's info lines (registered, push port)
        return env;
    }

    static ProcessHandle find(String marker) {
        return ProcessHandle.current().children()
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains(marker)).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no channel process with " + marker));
    }
}
