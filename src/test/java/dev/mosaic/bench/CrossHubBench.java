package dev.mosaic.bench;

import dev.mosaic.hub.Hub;
import dev.mosaic.hub.HubConfig;
import dev.mosaic.testing.ApiClient;
import dev.mosaic.testing.PostgresServer;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Push latency across hubs (DESIGN.md §6): send call on hub A → notification line of a real `mosaic channel`
 * registered with hub B, both hubs on one PostgreSQL server (durable: fsync on); beside one hub on that database and
 * one hub on SQLite, measured in alternating rounds so the machine's noise hits all three alike. Not a test.
 * Then throughput on the same three paths: {@link #SENDERS} senders on the sending hub → {@link #RECIPIENTS} channels
 * registered with the other, counted by message id at the channels (lost and doubled ones too).
 * bench/cross-hub.sh [MESSAGES [THROUGHPUT_MESSAGES]]
 */
public final class CrossHubBench {
    private static final int ROUND = 100;
    private static final int SENDERS = 8;
    private static final int RECIPIENTS = 4;

    /** A path from a sender's hub to a channel: the sender's API, its token, and the channel reading the lines. */
    private record Route(String name, ApiClient api, String sender, String recipient, ChannelChild channel) {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int throughputMessages = args.length > 1 ? Integer.parseInt(args[1]) : 800;
        String loadBefore = LoadAverage.now();
        Path dir = ScratchDir.deletedAtExit("mosaic-cross-bench");
        Path password = dir.resolve("pgpass");
        Files.writeString(password, PostgresServer.PASSWORD);
        try (PostgresServer pg = PostgresServer.start(true)) {
            String url = pg.url(pg.newDatabase());
            UnaryOperator<HubConfig> onPg = c -> c.withDatabase(url).withDatabasePasswordFile(password);
            try (Hub sqlite = hub(dir.resolve("s"), c -> c);
                 Hub a = hub(dir.resolve("a"), onPg);
                 Hub b = hub(dir.resolve("b"), onPg)) {
                List<Route> routes = new ArrayList<>();
                List<AutoCloseable> channels = new ArrayList<>();
                try {
                    routes.add(route("one hub, SQLite", sqlite, sqlite, "s", dir, channels));
                    routes.add(route("one hub, PostgreSQL", a, a, "p", dir, channels));
                    routes.add(route("hub A → hub B, PostgreSQL", a, b, "x", dir, channels));
                    long[][] nanos = new long[routes.size()][messages];
                    for (Route r : routes) {
                        pushes(r, new long[ROUND], 0, ROUND); // warm-up
                    }
                    for (int done = 0; done < messages; done += ROUND) {
                        int n = Math.min(ROUND, messages - done);
                        for (int i = 0; i < routes.size(); i++) {
                            pushes(routes.get(i), nanos[i], done, n);
                        }
                        System.err.printf("%d of %d%n", done + n, messages);
                    }
                    StringBuilder t = new StringBuilder(String.format(
                            "%s, %d cores (nproc), load average %s at start, %s at end; Java %s; PostgreSQL with "
                                    + "fsync on, on the same machine%n%n```sh%nbench/cross-hub.sh %d %d%n```%n%n"
                                    + "| push: send call → notification line | p50 / p90 / p99 / max (ms) | n |%n"
                                    + "|---|---|---|%n", LocalDate.now(ZoneOffset.UTC),
                            Runtime.getRuntime().availableProcessors(), loadBefore, LoadAverage.now(),
                            System.getProperty("java.version"), messages, throughputMessages));
                    for (int i = 0; i < routes.size(); i++) {
                        Latencies l = Latencies.of(nanos[i], messages);
                        t.append(String.format("| %s | %s | %d |%n", routes.get(i).name(), l.row(), l.count()));
                    }
                    // Throughput: the same three paths, one after the other, senders on the first hub, channels
                    // on the second, counted by id at the channels.
                    t.append(String.format("%n| throughput: %d senders → %d channels, counted at the receivers "
                            + "| msg/s | received / sent | dup | send call p50 / p99 (ms) |%n|---|---|---|---|---|%n",
                            SENDERS, RECIPIENTS));
                    t.append(throughput("one hub, SQLite", sqlite, sqlite, "ts", dir, throughputMessages));
                    t.append(throughput("one hub, PostgreSQL", a, a, "tp", dir, throughputMessages));
                    t.append(throughput("hub A → hub B, PostgreSQL", a, b, "tx", dir, throughputMessages));
                    t.append(String.format("%nload average at the end: %s%n", LoadAverage.now()));
                    System.out.println(t);
                } finally {
                    for (AutoCloseable c : channels) {
                        c.close();
                    }
                }
            }
        }
    }

    private static Hub hub(Path home, UnaryOperator<HubConfig> tweak) {
        return Hub.start(tweak.apply(HubConfig.defaults(home).withPort(0).withSendRate(1_000_000, 1_000_000)));
    }

    /** A sender joined on one hub, a recipient whose channel registers with another (or the same). */
    private static Route route(String name, Hub senderHub, Hub channelHub, String prefix, Path dir,
                               List<AutoCloseable> channels) throws Exception {
        ApiClient senderApi = new ApiClient(senderHub.url());
        ApiClient channelApi = new ApiClient(channelHub.url());
        String sender = join(senderApi, senderHub, prefix + "-sender").path("token").asString();
        JsonNode recv = join(channelApi, channelHub, prefix + "-recv");
        ChannelChild channel = new ChannelChild(channelHub.url(), recv.path("id").asString(),
                recv.path("token").asString(), Files.createDirectories(dir.resolve(prefix + "-recv")));
        channels.add(channel);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!channelApi.get(channelHub.operatorToken(), "/api/v1/panes/" + recv.path("id").asString()).json()
                .path("delivery").asString().equals("push")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + ": the channel never registered");
            }
            Thread.sleep(20);
        }
        return new Route(name, senderApi, sender, prefix + "-recv", channel);
    }

    private static JsonNode join(ApiClient api, Hub hub, String name) {
        ApiClient.Answer a = api.post(hub.operatorToken(), "/api/v1/panes", "{\"name\":\"" + name + "\"}");
        if (a.status() != 201) {
            throw new IllegalStateException("join " + name + ": " + a);
        }
        return a.json();
    }

    private static void pushes(Route r, long[] out, int from, int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            ApiClient.Answer a = r.api().post(r.sender(), "/api/v1/messages",
                    "{\"to\":\"" + r.recipient() + "\",\"text\":\"benchmark message " + i + "\"}");
            if (a.status() != 201) {
                throw new IllegalStateException(r.name() + ": send: " + a);
            }
            String id = a.json().path("messages").path(0).path("id").asString();
            out[from + i] = r.channel().stdout.await(id).readAt() - t0;
        }
    }

    /** Senders joined on one hub send round-robin to recipients whose channels registered with the other. */
    private static String throughput(String name, Hub senderHub, Hub channelHub, String prefix, Path dir, int total)
            throws Exception {
        ApiClient senderApi = new ApiClient(senderHub.url());
        ApiClient channelApi = new ApiClient(channelHub.url());
        List<String> senders = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            senders.add(join(senderApi, senderHub, prefix + "-s" + i).path("token").asString());
        }
        List<ChannelChild> channels = new ArrayList<>();
        Set<String> received = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        List<Thread> counters = new ArrayList<>();
        try {
            for (int r = 0; r < RECIPIENTS; r++) {
                JsonNode p = join(channelApi, channelHub, prefix + "-r" + r);
                channels.add(new ChannelChild(channelHub.url(), p.path("id").asString(), p.path("token").asString(),
                        Files.createDirectories(dir.resolve(prefix + "-r" + r))));
                awaitPush(channelApi, channelHub, p.path("id").asString());
            }
            for (ChannelChild c : channels) {
                counters.add(Thread.ofPlatform().daemon().start(() -> c.countMessageIds(received, duplicates)));
            }
            int each = total / SENDERS;
            System.err.printf("throughput %s: %d messages%n", name, each * SENDERS);
            List<String> recipients = new ArrayList<>();
            for (int r = 0; r < RECIPIENTS; r++) {
                recipients.add(prefix + "-r" + r);
            }
            SenderRun.Result run = SenderRun.run(senderApi, senders, each, recipients, received);
            Latencies send = run.sends();
            return String.format("| %s | **%.0f** | %d / %d | %d | %.1f / %.1f |%n", name,
                    received.size() / run.seconds(), received.size(), run.sendNanos().length, duplicates.get(),
                    send.percentile(50), send.percentile(99));
        } finally {
            counters.forEach(Thread::interrupt);
            for (ChannelChild c : channels) {
                c.close();
            }
        }
    }

    private static void awaitPush(ApiClient api, Hub hub, String paneId) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!api.get(hub.operatorToken(), "/api/v1/panes/" + paneId).json().path("delivery").asString()
                .equals("push")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the channel of " + paneId + " never registered");
            }
            Thread.sleep(20);
        }
    }

}
