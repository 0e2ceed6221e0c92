package dev.mosaic.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Free loopback ports, for a hub that must come back on the same address after a restart. */
public final class Ports {
    /**
     * Below Linux's ephemeral range (32768–60999 by default): the kernel hands ports from that range to every
     * outgoing connection and every {@code ServerSocket(0)}, so one taken from it could be handed to another process
     * while the test's hub is down, and its restart would find the port in use (seen in a full run).
     */
    private static final int FROM = 20_000;
    private static final int TO = 32_000;

    private Ports() {
    }

    public static int free() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FROM, TO);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // in use: try another
            }
        }
        throw new UncheckedIOException(new IOException("no free loopback port between " + FROM + " and " + TO));
    }
}
