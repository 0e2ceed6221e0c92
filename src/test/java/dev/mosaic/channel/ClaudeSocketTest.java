package dev.mosaic.channel;

import dev.mosaic.model.Message;
import dev.mosaic.model.MessageStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Claude Code's messaging socket as the channel uses it, against real Unix domain sockets. */
class ClaudeSocketTest {
    private static final Duration PATIENCE = Duration.ofMillis(300);

    @TempDir
    Path dir;

    private static Message message(String id) {
        return new Message(id, 1, "a", "Alice", "b", "Bob", null, "hi", id, null, "2026-12-02T08:00:00.000Z",
                MessageStatus.QUEUED, null, null, null, null, false);
    }

    @Test
    void noVariableNoSocket() {
        assertThat(ClaudeSocket.from(Map.of(), PATIENCE)).isEmpty();
        assertThat(ClaudeSocket.from(Map.of(ClaudeSocket.SOCKET_ENV, " "), PATIENCE)).isEmpty();
    }

    @Test
    void aMissingSocketIsUnavailableAndTheRetryMayGoThrough() {
        ClaudeSocket socket = ClaudeSocket.from(Map.of(ClaudeSocket.SOCKET_ENV, dir.resolve("gone.sock").toString()),
                PATIENCE).orElseThrow();
        assertThat(socket.deliver(message("m1"))).isEqualTo(MessageSink.Outcome.UNAVAILABLE);
        assertThat(socket.deliver(message("m1"))).as("not recorded as delivered").isEqualTo(
                MessageSink.Outcome.UNAVAILABLE);
    }

    /** A Claude Code that stops accepting: its backlog fills and a Unix socket's connect would block for good. */
    @Test
    @Timeout(30)
    void aSocketThatNoLongerAcceptsCannotHoldThePush() throws Exception {
        Path path = dir.resolve("stuck.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path), 1); // never accepted
            ClaudeSocket socket = ClaudeSocket.from(Map.of(ClaudeSocket.SOCKET_ENV, path.toString()), PATIENCE)
                    .orElseThrow();
            List<MessageSink.Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                long start = System.nanoTime();
                outcomes.add(socket.deliver(message("m" + i)));
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("push %d", i)
                        .isLessThan(PATIENCE.plusSeconds(2));
            }
            assertThat(outcomes).as("once the backlog is full").contains(MessageSink.Outcome.UNAVAILABLE);
            assertThat(outcomes.getLast()).isEqualTo(MessageSink.Outcome.UNAVAILABLE);
        }
    }
}
