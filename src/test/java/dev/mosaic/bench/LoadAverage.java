package dev.mosaic.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load average, printed beside every benchmark figure: on a shared machine it says what they are worth. */
final class LoadAverage {
    private LoadAverage() {
    }

    /** The 1, 5 and 15 minute figures from /proc/loadavg, as "a, b, c"; "unknown" where there is no /proc. */
    static String now() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
