package dev.mosaic.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Opens a link in the user's browser when the machine has a way to (BROWSER, xdg-open, open), else says so. */
final class BrowserOpener {
    private static final List<String> OPENERS = List.of("xdg-open", "open");

    private final Map<String, String> env;

    BrowserOpener(Map<String, String> env) {
        this.env = env;
    }

    /** Why it could not open the link, if it could not. */
    Optional<String> open(String url) {
        String browser = env.get("BROWSER");
        Optional<String> program = browser != null && !browser.isBlank() ? Optional.of(browser)
                : OPENERS.stream().filter(this::onPath).findFirst();
        if (program.isEmpty()) {
            return Optional.of("no browser found (set BROWSER); open the link above yourself");
        }
        try {
            // The link goes to the program's arguments only: no shell, and never into a log.
            new ProcessBuilder(program.get(), url).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("could not start " + program.get() + " (" + e.getMessage() + "); open the link above yourself");
        }
    }

    private boolean onPath(String name) {
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }
}
