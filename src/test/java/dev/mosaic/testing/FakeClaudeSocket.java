package dev.mosaic.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Claude Code's messaging socket as a test sees it (shared/CLAUDE-CODE.md): a Unix domain socket that takes
 * connections and records every line written to it, in order, the connection each came on included.
 */
public final class FakeClaudeSocket implements AutoCloseable {
    /** One line as it arrived, and the number of the connection that wrote it (from 1). */
    public record Line(int connection, String text) {
    }

    private final Path path;
    private final ServerSocketChannel server;
    private final List<Line> lines = new ArrayList<>();
    private final Thread acceptor;
    private int connections; // guarded by this

    public FakeClaudeSocket(Path path) {
        this.path = path;
        try {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = Thread.ofPlatform().daemon().name("fake-claude-socket").start(this::accept);
    }

    public Path path() {
        return path;
    }

    private void accept() {
        while (server.isOpen()) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            int n;
            synchronized (this) {
                n = ++connections;
            }
            Thread.ofVirtual().start(() -> read(ch, n));
        }
    }

    private void read(SocketChannel ch, int connection) {
        try (ch; BufferedReader r = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch),
                StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                synchronized (this) {
                    lines.add(new Line(connection, l));
                }
            }
        } catch (IOException e) {
            // the writer went away: what it wrote before is recorded
        }
    }

    public synchronized List<Line> lines() {
        return List.copyOf(lines);
    }

    /** Stops listening and removes the socket file, as when Claude Code exits. */
    @Override
    public void close() {
        try {
            server.close();
            acceptor.join();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
