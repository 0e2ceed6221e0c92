package dev.mosaic.bench;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The workstation bench's floor: a bare JDK server on loopback with one page that does only the browser's share of
 * the grid (load xterm.js, cached for good as the hub serves it; make the regions; open the terminals) with no hub,
 * no login, no data. What the grid costs above it is Mosaic's.
 */
final class FloorPage implements AutoCloseable {
    private final HttpServer server;

    FloorPage(int terminals, int regions) throws IOException {
        String page = """
                <!doctype html><html><head><meta charset="utf-8">
                <link rel="stylesheet" href="/xterm.css">
                <script type="module">
                import { Terminal } from '/xterm.mjs';
                performance.mark('floor:module-run');
                const main = document.createElement('main');
                main.style.cssText = 'display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:8px';
                document.body.append(main);
                for (let i = 0; i < %d; i++) {
                  const s = document.createElement('section');
                  s.setAttribute('role', 'region');
                  s.dataset.paneId = String(i);
                  s.style.height = '300px';
                  main.append(s);
                  if (i < %d) new Terminal({ fontSize: 13 }).open(s);
                }
                performance.mark('mosaic:grid-shown');
                </script></head><body></body></html>
                """.formatted(regions, terminals);
        Map<String, byte[]> files = Map.of(
                "/", page.getBytes(StandardCharsets.UTF_8),
                "/xterm.mjs", resource("web/vendor/xterm-6.0.0/lib/xterm.mjs"),
                "/xterm.css", resource("web/vendor/xterm-6.0.0/css/xterm.css"));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            byte[] body = files.get(ex.getRequestURI().getPath());
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            String path = ex.getRequestURI().getPath();
            ex.getResponseHeaders().set("Content-Type", path.endsWith(".mjs") ? "text/javascript"
                    : path.endsWith(".css") ? "text/css" : "text/html; charset=utf-8");
            ex.getResponseHeaders().set("Cache-Control", path.equals("/") ? "no-cache"
                    : "public, max-age=31536000, immutable");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private static byte[] resource(String name) {
        try (InputStream in = FloorPage.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the class path: build first (mvn compile)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
