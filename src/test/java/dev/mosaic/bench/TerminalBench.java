package dev.mosaic.bench;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import dev.mosaic.client.HubAddress;
import dev.mosaic.client.HubClient;
import dev.mosaic.client.TerminalConnection;
import dev.mosaic.client.TerminalListener;
import dev.mosaic.hub.Hub;
import dev.mosaic.hub.HubConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Spawn → first output byte, and a keystroke's round trip through the hub's terminal WebSocket beside the same
 * round trip through a bare pty4j PTY in this process, in one run (rounds alternate, so noise hits both alike).
 * The program is {@code stty raw -echo; cat}: the byte goes through a real process and back. Not a test; run with
 * bench/terminal.sh.
 */
public final class TerminalBench {
    private static final String[] ECHO_PROGRAM = {"/bin/sh", "-c", "stty raw -echo; echo ready; exec cat"};

    public static void main(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int spawns = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path home = ScratchDir.deletedAtExit("mosaic-bench");
        try (Hub hub = Hub.start(HubConfig.defaults(home).withPort(0))) {
            HubClient client = new HubClient(new HubAddress(hub.url(), hub.operatorToken(), null));
            spawnToFirstByte(client, spawns);
            roundTrips(client, keys);
        }
    }

    private static void spawnToFirstByte(HubClient client, int runs) throws Exception {
        long[] viaHub = new long[runs];
        long[] post = new long[runs];
        long[] bare = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            String id = client.spawn("first-byte-" + i, List.of("/bin/sh", "-c", "echo x; exec sleep 100"), null,
                    Map.of(), null, null).path("id").asString();
            post[i] = System.nanoTime() - t0;
            BlockingQueue<byte[]> got = new LinkedBlockingQueue<>();
            try (TerminalConnection ws = client.terminal(id, got::add)) {
                take(got);
                viaHub[i] = System.nanoTime() - t0;
            }
            client.stopPane(id);

            t0 = System.nanoTime();
            PtyProcess p = bare(new String[]{"/bin/sh", "-c", "echo x; exec sleep 100"});
            p.getInputStream().read();
            bare[i] = System.nanoTime() - t0;
            p.destroyForcibly();
            p.waitFor();
        }
        print("spawn → 201, hub (POST /api/v1/panes)", post);
        print("spawn → first byte, hub (POST + WebSocket connect)", viaHub);
        print("spawn → first byte, bare pty4j in-process", bare);
    }

    private static void roundTrips(HubClient client, int keys) throws Exception {
        String id = client.spawn("echo", List.of(ECHO_PROGRAM), null, Map.of(), null, null).path("id").asString();
        BlockingQueue<byte[]> fromHub = new LinkedBlockingQueue<>();
        TerminalListener listener = fromHub::add;
        PtyProcess p = bare(ECHO_PROGRAM);
        BlockingQueue<byte[]> fromBare = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofPlatform().daemon().start(() -> readInto(p.getInputStream(), fromBare));
        try (TerminalConnection ws = client.terminal(id, listener)) {
            awaitReady(fromHub);
            awaitReady(fromBare);
            OutputStream bareIn = p.getOutputStream();
            int rounds = 10;
            int per = Math.max(1, keys / rounds);
            // warm-up: JIT for both paths
            measure(ws, fromHub, bareIn, fromBare, 300, new ArrayList<>(), new ArrayList<>());
            List<Long> hub = new ArrayList<>();
            List<Long> bare = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                measure(ws, fromHub, bareIn, fromBare, per, hub, bare);
            }
            long[] h = hub.stream().mapToLong(Long::longValue).toArray();
            long[] b = bare.stream().mapToLong(Long::longValue).toArray();
            print("keystroke round trip, through the hub's WebSocket", h);
            print("keystroke round trip, bare pty4j in-process", b);
            Arrays.sort(h);
            Arrays.sort(b);
            System.out.printf("WebSocket adds at p50: %.3f ms, at p99: %.3f ms%n",
                    (pct(h, 50) - pct(b, 50)) / 1e6, (pct(h, 99) - pct(b, 99)) / 1e6);
        } finally {
            p.destroyForcibly();
            reader.interrupt();
            client.stopPane(id);
        }
    }

    private static void measure(TerminalConnection ws, BlockingQueue<byte[]> fromHub, OutputStream bareIn,
                                BlockingQueue<byte[]> fromBare, int n, List<Long> hub, List<Long> bare)
            throws Exception {
        byte[] key = {'k'};
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            ws.sendInput(key);
            take(fromHub);
            hub.add(System.nanoTime() - t0);
        }
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            bareIn.write(key);
            bareIn.flush();
            take(fromBare);
            bare.add(System.nanoTime() - t0);
        }
    }

    private static PtyProcess bare(String[] command) throws IOException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("TERM", "xterm-256color");
        return new PtyProcessBuilder(command).setEnvironment(env).setInitialColumns(120).setInitialRows(32)
                .setRedirectErrorStream(true).start();
    }

    private static void readInto(InputStream in, BlockingQueue<byte[]> out) {
        byte[] buf = new byte[16 * 1024];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                out.add(Arrays.copyOf(buf, n));
            }
        } catch (IOException e) {
            // closed
        }
    }

    private static void awaitReady(BlockingQueue<byte[]> q) throws InterruptedException {
        StringBuilder seen = new StringBuilder();
        while (!seen.toString().contains("ready")) {
            seen.append(new String(take(q)));
        }
        q.clear();
    }

    private static byte[] take(BlockingQueue<byte[]> q) throws InterruptedException {
        byte[] b = q.poll(30, TimeUnit.SECONDS);
        if (b == null) {
            throw new IllegalStateException("no output within 30 s");
        }
        return b;
    }

    private static void print(String label, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf("%-55s n=%5d  p50 %8.3f ms  p90 %8.3f ms  p99 %8.3f ms  max %8.3f ms%n", label, s.length,
                pct(s, 50) / 1e6, pct(s, 90) / 1e6, pct(s, 99) / 1e6, s[s.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
