package dev.mosaic.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on 127.0.0.1 in front of a hub that can lose an answer: it passes every byte both ways, except that for
 * the next request whose head starts with a chosen text it forwards the request, lets the hub answer, then drops the
 * answer and closes the connection, as a timeout or a broken connection after the hub committed would.
 */
public final class AnswerDroppingRelay implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile String dropAnswerTo;
    private final AtomicInteger dropped = new AtomicInteger();

    /** Relays to the hub at {@code hubUrl} ("http://127.0.0.1:PORT"). */
    public AnswerDroppingRelay(String hubUrl) throws IOException {
        URI uri = URI.create(hubUrl);
        target = new InetSocketAddress(uri.getHost(), uri.getPort());
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("relay-accept").start(this::accept);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** The answer to the next request starting with {@code requestHead} (e.g. "POST /api/v1/rooms/") is lost. */
    public void dropNextAnswerTo(String requestHead) {
        dropAnswerTo = requestHead;
    }

    /** How many answers were lost so far. */
    public int dropped() {
        return dropped.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket hub = new Socket();
                hub.connect(target);
                open.add(client);
                open.add(hub);
                AtomicBoolean doomed = new AtomicBoolean();
                Thread.ofVirtual().start(() -> pipe(client, hub, doomed, true));
                Thread.ofVirtual().start(() -> pipe(hub, client, doomed, false));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Copies one way; the request side marks a connection doomed, the answer side then drops and closes it. */
    private void pipe(Socket from, Socket to, AtomicBoolean doomed, boolean requests) {
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (requests) {
                    String head = dropAnswerTo;
                    if (head != null && new String(buf, 0, n, StandardCharsets.ISO_8859_1).startsWith(head)) {
                        dropAnswerTo = null;
                        doomed.set(true); // before the hub can see the request, so before it answers
                    }
                } else if (doomed.get()) {
                    dropped.incrementAndGet();
                    break; // the hub answered: it is lost on the way back
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // either side went away: close both below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        open.forEach(this::closeQuietly);
    }
}
