package dev.mosaic.hub;

import dev.mosaic.client.HubAddress;
import dev.mosaic.client.HubException;
import dev.mosaic.client.TerminalConnection;
import dev.mosaic.client.TerminalListener;
import dev.mosaic.testing.TerminalView;
import dev.mosaic.testing.TestHub;
import dev.mosaic.testing.TestHub.Spawned;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The terminal WebSocket's refusals and control frames (DESIGN.md §8): every refusal before the upgrade. */
class TerminalSocketTest {
    @TempDir
    Path home;

    TestHub hub;
    Spawned cat;

    @BeforeEach
    void start() {
        hub = new TestHub(home);
        cat = hub.spawn("Cat", "cat");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    /** A handshake written by hand, so the test sees the status line itself: 101 is an upgrade, anything else not. */
    private String handshake(String paneId, String token, String origin) throws IOException {
        URI u = URI.create(hub.url());
        try (Socket s = new Socket(u.getHost(), u.getPort())) {
            s.setSoTimeout(30_000);
            StringBuilder req = new StringBuilder()
                    .append("GET /api/v1/panes/").append(paneId).append("/terminal HTTP/1.1\r\n")
                    .append("Host: ").append(u.getHost()).append(':').append(u.getPort()).append("\r\n")
                    .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                    .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
            if (token != null) {
                req.append("Authorization: Bearer ").append(token).append("\r\n");
            }
            if (origin != null) {
                req.append("Origin: ").append(origin).append("\r\n");
            }
            OutputStream out = s.getOutputStream();
            out.write(req.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder head = new StringBuilder();
            int c;
            while (!head.toString().endsWith("\r\n\r\n") && (c = in.read()) != -1) {
                head.append((char) c);
            }
            return head.toString();
        }
    }

    @Test
    void theOperatorWithoutAnOriginIsUpgraded() throws IOException {
        assertThat(handshake(cat.id(), hub.op(), null)).startsWith("HTTP/1.1 101");
    }

    @Test
    void theHubsOwnOriginIsUpgraded() throws IOException {
        assertThat(handshake(cat.id(), hub.op(), hub.url())).startsWith("HTTP/1.1 101");
        int port = URI.create(hub.url()).getPort();
        assertThat(handshake(cat.id(), hub.op(), "http://localhost:" + port)).startsWith("HTTP/1.1 101");
    }

    @Test
    void aForeignOriginIsRefused403WithoutAnUpgradeEvenWithTheOperatorsToken() throws IOException {
        int port = URI.create(hub.url()).getPort();
        for (String origin : new String[]{"http://evil.example", "http://evil.example:" + port,
                "http://127.0.0.1:" + (port == 1 ? 2 : port - 1), "null", "file://"}) {
            String head = handshake(cat.id(), hub.op(), origin);
            assertThat(head).as(origin).startsWith("HTTP/1.1 403");
        }
        assertThat(hub.api().get(null, "/api/v1/health").status()).isEqualTo(200);
    }

    @Test
    void noTokenOrAWrongOneIs401AndAPaneTokenIs403() throws IOException {
        assertThat(handshake(cat.id(), null, null)).startsWith("HTTP/1.1 401");
        assertThat(handshake(cat.id(), "not-a-token", null)).startsWith("HTTP/1.1 401");
        assertThat(handshake(cat.id(), cat.token(), null)).startsWith("HTTP/1.1 403");
    }

    @Test
    void anUnknownPaneIs404AndSoIsAJoinedOne() throws IOException {
        assertThat(handshake("no-such-pane", hub.op(), null)).startsWith("HTTP/1.1 404");
        TestHub.Pane joined = hub.join("Outside");
        assertThat(handshake(joined.id(), hub.op(), null)).startsWith("HTTP/1.1 404");
    }

    @Test
    void theClientSaysWhyTheHubRefused() {
        HubAddress noSuch = new HubAddress(hub.url(), hub.op(), null);
        assertThatThrownBy(() -> TerminalConnection.open(noSuch, "nope", bytes -> { }))
                .isInstanceOfSatisfying(HubException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.getMessage()).contains("404");
                });
        HubAddress wrong = new HubAddress(hub.url(), "wrong", null);
        assertThatThrownBy(() -> TerminalConnection.open(wrong, cat.id(), bytes -> { }))
                .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void inputToAnExitedPaneGetsAnErrorFrameAndTheHubKeepsRunning() {
        Spawned quick = hub.spawn("Quick", "sh", "-c", "read x; exit 3");
        try (TerminalView view = new TerminalView(hub.url(), hub.op(), quick.id())) {
            view.type("bye\n");
            await().atMost(TerminalView.PATIENCE).until(() -> view.exitCode().isPresent());
            assertThat(view.exitCode().getAsInt()).isEqualTo(3);
            view.type("anyone there?\n");
            await().atMost(TerminalView.PATIENCE).until(() -> !view.errors().isEmpty());
            assertThat(view.errors().getFirst()).startsWith("exited: ");
        }
        try (TerminalView late = new TerminalView(hub.url(), hub.op(), quick.id())) {
            await().atMost(TerminalView.PATIENCE).until(() -> late.exitCode().isPresent());
            late.awaitText("bye");
        }
        assertThat(hub.api().get(null, "/api/v1/health").status()).isEqualTo(200);
    }

    @Test
    void aViewerOfAStoppedPaneGetsItsExitFrameBeforeTheSocketCloses() {
        try (TerminalView view = new TerminalView(hub.url(), hub.op(), cat.id())) {
            view.type("x\n");
            view.awaitCount("x", 2);
            assertThat(hub.api().delete(hub.op(), "/api/v1/panes/" + cat.id(), null).status()).isEqualTo(204);
            await().atMost(TerminalView.PATIENCE).until(() -> view.closeStatus() != 0);
            assertThat(view.exitCode()).as("SIGTERM").hasValue(143);
            assertThat(view.closeStatus()).isEqualTo(1000);
        }
    }

    @Test
    void inputToAProgramThatDoesNotReadIsRefusedAsBusyNotBufferedForever() {
        // Raw mode: a canonical-mode line discipline would discard what overflows its line instead of blocking.
        Spawned deaf = hub.spawn("Deaf", "sh", "-c", "stty raw -echo; echo ready; exec sleep 1000");
        try (TerminalView view = new TerminalView(hub.url(), hub.op(), deaf.id())) {
            view.awaitText("ready");
            byte[] block = new byte[900 * 1024];
            java.util.Arrays.fill(block, (byte) 'a');
            view.connection().sendInput(block);
            view.connection().sendInput(block);
            await().atMost(TerminalView.PATIENCE).until(() -> !view.errors().isEmpty());
            assertThat(view.errors().getFirst()).startsWith("busy: ");
        }
        assertThat(hub.api().get(null, "/api/v1/health").status()).isEqualTo(200);
    }

    @Test
    void aBadControlFrameGetsABadRequestErrorFrame() {
        try (TerminalView view = new TerminalView(hub.url(), hub.op(), cat.id())) {
            var ws = view.connection();
            ws.resize(5, 5);
            await().atMost(TerminalView.PATIENCE).until(() -> view.errors().size() == 1);
            assertThat(view.errors().getFirst()).startsWith("bad_request: ");
            view.type("still-works\n");
            view.awaitCount("still-works", 2);
        }
    }

    @Test
    void aSlowViewerIsDroppedNotBufferedForever() {
        Spawned noisy = hub.spawn("Noisy", "sh", "-c", "read x; yes 'a line of output to flood the viewer'");
        java.util.concurrent.CountDownLatch stuck = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger closed = new java.util.concurrent.atomic.AtomicInteger();
        TerminalListener frozen = new TerminalListener() {
            @Override
            public void output(byte[] bytes) {
                try {
                    stuck.await(); // never reads on: the socket's buffers fill, then the hub's queue
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void closed(int status, String reason) {
                closed.set(status);
            }
        };
        try (TerminalView healthy = new TerminalView(hub.url(), hub.op(), noisy.id())) {
            TerminalConnection slow = TerminalConnection.open(new HubAddress(hub.url(), hub.op(), null), noisy.id(),
                    frozen);
            healthy.type("go\n");
            // Far more than the 4 MiB a viewer may fall behind, plus what the sockets' buffers hold.
            await().atMost(Duration.ofSeconds(120)).until(() -> healthy.bytesReceived() > 24L * 1024 * 1024);
            stuck.countDown();
            await().atMost(TerminalView.PATIENCE).until(() -> closed.get() == 1008);
            slow.close();
        }
        assertThat(hub.api().delete(hub.op(), "/api/v1/panes/" + noisy.id(), null).status()).isEqualTo(204);
    }
}
