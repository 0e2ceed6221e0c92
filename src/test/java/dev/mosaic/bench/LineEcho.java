package dev.mosaic.bench;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The floor's second hop, run as its own process: a bare JDK HttpServer that writes each POSTed body as one line on
 * stdout, flushes, then answers 204. Prints its port first.
 */
public final class LineEcho {
    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
                StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newSingleThreadExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                out.write(body);
                out.write('\n');
                out.flush();
                exchange.sendResponseHeaders(204, -1);
            }
        });
        server.start();
        out.println("port " + server.getAddress().getPort());
        out.flush();
        // ends with its stdin
        while (System.in.read() >= 0) {
            // nothing to read
        }
        System.exit(0);
    }
}
