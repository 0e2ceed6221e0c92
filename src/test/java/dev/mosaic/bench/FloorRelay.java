package dev.mosaic.bench;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The floor of a push: the same two loopback hops with no store and no MCP. Hop one, a bare JDK HttpServer in this
 * JVM (where the hub runs), relays the body to hop two, {@link LineEcho} in a child process, which writes it as a line.
 */
final class FloorRelay implements AutoCloseable {
    private final Process echo;
    final LineReader stdout;
    private final HttpServer relay;
    private final ExecutorService relayThreads = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient toEcho = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI echoUri;

    FloorRelay() throws IOException, InterruptedException {
        echo = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-XX:TieredStopAtLevel=1", "-Xmx64m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                LineEcho.class.getName())).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        stdout = new LineReader(echo.getInputStream(), ProcCpu.BENCH_THREAD + "floor-echo");
        String port = stdout.await("port ").text().substring("port ".length());
        echoUri = URI.create("http://127.0.0.1:" + port + "/v1/push");
        relay = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        relay.setExecutor(relayThreads);
        relay.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                HttpResponse<Void> r = toEcho.send(HttpRequest.newBuilder(echoUri)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.discarding());
                exchange.sendResponseHeaders(r.statusCode() == 204 ? 201 : 502, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        relay.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + relay.getAddress().getPort() + "/relay");
    }

    @Override
    public void close() throws IOException {
        relay.stop(0);
        relayThreads.shutdownNow();
        echo.getOutputStream().close();
        echo.destroy();
    }
}
