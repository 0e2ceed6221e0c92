package dev.mosaic.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A benchmark's temporary directory, removed with everything in it when the JVM exits. */
final class ScratchDir {
    private ScratchDir() {
    }

    /**
     * A new directory under the system's temporary one. It goes at exit, not at the end of a block: a benchmark's
     * hub and channels hold files in it until then, and a scale run leaves half a gigabyte otherwise.
     */
    static Path deletedAtExit(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> delete(dir)));
        return dir;
    }

    private static void delete(Path dir) {
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not remove " + dir + ": " + e.getMessage());
        }
    }
}
