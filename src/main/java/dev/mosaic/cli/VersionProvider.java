package dev.mosaic.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Reads the version Maven stamped into the build. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        Properties p = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/mosaic-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        }
        return new String[] {"mosaic " + p.getProperty("version", "dev")};
    }
}
