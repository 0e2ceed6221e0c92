package dev.mosaic.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Puts bench/run's latest table into BENCHMARKS.md, between two markers (appended with them the first time). */
final class BenchmarksFile {
    static final String BEGIN = "<!-- bench/run: begin (written by bench/run; edit around it) -->";
    static final String END = "<!-- bench/run: end -->";

    private BenchmarksFile() {
    }

    static void replaceSection(Path file, String table) throws IOException {
        String text = Files.readString(file);
        String section = BEGIN + "\n" + table.strip() + "\n" + END;
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        String next = begin >= 0 && end > begin
                ? text.substring(0, begin) + section + text.substring(end + END.length())
                : text.stripTrailing() + "\n\n## Push latency and durable throughput (`bench/run`)\n\n" + section + "\n";
        Files.writeString(file, next);
    }
}
