package dev.mosaic.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Another local process's server that took a dead channel's port: it records every request it is sent (headers and
 * body, as text) and answers 204 to all of them, as a stranger pretending to be the channel would.
 */
public final class StrangerPort implements AutoCloseable {
    private final HttpServer server;
    private final List<String> heard = new ArrayList<>();

    public StrangerPort(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take port " + port, e);
        }
        server.createContext("/", ex -> {
            try (ex) {
                String request = ex.getRequestMethod() + " " + ex.getRequestURI() + "\n" + ex.getRequestHeaders()
                        + "\n" + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                synchronized (heard) {
                    heard.add(request);
                }
                ex.sendResponseHeaders(204, -1);
            }
        });
        server.start();
    }

    public List<String> heard() {
        synchronized (heard) {
            return List.copyOf(heard);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
