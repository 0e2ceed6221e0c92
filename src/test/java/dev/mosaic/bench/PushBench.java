package dev.mosaic.bench;

import dev.mosaic.hub.Hub;
import dev.mosaic.hub.HubConfig;
import dev.mosaic.store.Synchronous;
import dev.mosaic.testing.ApiClient;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The push benchmark of bench/run: push latency (send call → notification line on a real `mosaic channel`'s stdout)
 * beside its floor (two bare loopback hops and a line) and one durable commit, measured in alternating rounds so the
 * machine's noise hits all three alike; then durable throughput (16 senders → 8 channels, counted at the receivers).
 * Not a test.
 */
public final class PushBench {
    private static final int ROUND = 500;

    /** What one run measures. */
    record Plan(boolean quick, int warmUp, int latencyMessages, int throughputMessages, int senders, int recipients) {
        static Plan of(boolean quick) {
            return quick ? new Plan(true, 300, 500, 1_000, 16, 8) : new Plan(false, 2_000, 10_000, 20_000, 16, 8);
        }
    }

    /**
     * Two throughput runs through the same channels: the first while their JVMs and the hub's concurrent paths are
     * still being compiled, the second warm, as a long-lived channel is.
     */
    record Throughputs(Throughput fresh, Throughput warm) {
    }

    /** Throughput as counted at the receivers. */
    record Throughput(int sent, int received, int duplicates, double seconds, Latencies sendLatency,
                      ProcCpu hubCpu, long senderCpuNanos, ProcCpu channelCpu) {
        double perSecond() {
            return received / seconds;
        }

        /**
         * The hub's own CPU: its JVM's, less its JIT, the 16 sending threads and the bench's other threads in it (the
         * senders' HTTP client, the readers of the channels' lines). Before, the last were counted as the hub's.
         */
        long hubNanos() {
            return hubCpu.ownNanos() - senderCpuNanos;
        }
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        // For profiling the throughput phase alone: no latency rounds, nothing written.
        boolean throughputOnly = List.of(args).contains("--throughput-only");
        Path write = null;
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--write")) {
                write = Path.of(args[i + 1]);
            }
        }
        Plan plan = Plan.of(quick);
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--messages")) { // the throughput phase's count, for profiling it
                plan = new Plan(plan.quick(), plan.warmUp(), plan.latencyMessages(), Integer.parseInt(args[i + 1]),
                        plan.senders(), plan.recipients());
            }
        }
        // The throughput a user who chose `mosaic up --synchronous normal` gets; the written table stays FULL.
        int named = List.of(args).indexOf("--synchronous");
        Synchronous level = named >= 0 && named + 1 < args.length
                ? Synchronous.valueOf(args[named + 1].toUpperCase(java.util.Locale.ROOT)) : Synchronous.FULL;
        if (level == Synchronous.NORMAL && !throughputOnly) {
            System.err.println("--synchronous normal goes with --throughput-only");
            System.exit(2);
        }
        String loadBefore = LoadAverage.now();
        Path home = ScratchDir.deletedAtExit("mosaic-bench");
        Latencies push = null;
        Latencies floor = null;
        Latencies commit = null;
        Throughputs throughput;
        try (Hub hub = Hub.start(HubConfig.defaults(home.resolve("hub")).withPort(0)
                .withSendRate(1_000_000, 1_000_000).withSynchronous(level))) {
            ApiClient api = new ApiClient(hub.url());
            if (throughputOnly) {
                throughput = throughput(api, hub, home, plan, "t");
                System.out.println(throughputRows(plan, throughput, level));
                return;
            }
            String sender = join(api, hub, "sender").path("token").asString();
            JsonNode recv = join(api, hub, "recv");
            long[] pushNanos = new long[plan.latencyMessages()];
            long[] floorNanos = new long[plan.latencyMessages()];
            long[] commitNanos = new long[plan.latencyMessages()];
            try (ChannelChild channel = new ChannelChild(hub.url(), recv.path("id").asString(),
                    recv.path("token").asString(), Files.createDirectories(home.resolve("recv")));
                 FloorRelay relay = new FloorRelay();
                 OneCommit one = new OneCommit(home.resolve("commit.db"))) {
                awaitPush(api, hub, List.of(recv.path("id").asString()));
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                System.err.printf("warm-up: %d of each%n", plan.warmUp());
                pushes(api, sender, channel, new long[plan.warmUp()], 0, plan.warmUp());
                floors(http, relay, new long[plan.warmUp()], 0, plan.warmUp());
                commits(one, new long[plan.warmUp()], 0, plan.warmUp());
                for (int done = 0; done < plan.latencyMessages(); done += ROUND) {
                    int n = Math.min(ROUND, plan.latencyMessages() - done);
                    pushes(api, sender, channel, pushNanos, done, n);
                    floors(http, relay, floorNanos, done, n);
                    commits(one, commitNanos, done, n);
                    System.err.printf("latency: %d of %d%n", done + n, plan.latencyMessages());
                }
            }
            push = Latencies.of(pushNanos, pushNanos.length);
            floor = Latencies.of(floorNanos, floorNanos.length);
            commit = Latencies.of(commitNanos, commitNanos.length);
            throughput = throughput(api, hub, home, plan, "t");
        }
        String loadAfter = LoadAverage.now();
        String table = table(plan, push, floor, commit, throughput, loadBefore, loadAfter);
        System.out.println(table);
        if (write != null) {
            BenchmarksFile.replaceSection(write, table);
            System.err.println("written into " + write);
        }
    }

    private static JsonNode join(ApiClient api, Hub hub, String name) {
        ApiClient.Answer a = api.post(hub.operatorToken(), "/api/v1/panes", "{\"name\":\"" + name + "\"}");
        if (a.status() != 201) {
            throw new IllegalStateException("join " + name + ": " + a);
        }
        return a.json();
    }

    private static void awaitPush(ApiClient api, Hub hub, List<String> paneIds) throws InterruptedException {
        for (String id : paneIds) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!api.get(hub.operatorToken(), "/api/v1/panes/" + id).json().path("delivery").asString()
                    .equals("push")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("pane " + id + " never registered its channel");
                }
                Thread.sleep(20);
            }
        }
    }

    private static String sendBody(String to, String text) {
        return "{\"to\":\"" + to + "\",\"text\":\"" + text + "\"}";
    }

    /** One message at a time: from just before the send call to the moment its line is read from the channel. */
    private static void pushes(ApiClient api, String sender, ChannelChild channel, long[] out, int from, int n)
            throws InterruptedException {
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            ApiClient.Answer a = api.post(sender, "/api/v1/messages", sendBody("recv", "benchmark message " + i));
            if (a.status() != 201) {
                throw new IllegalStateException("send: " + a);
            }
            String id = a.json().path("messages").path(0).path("id").asString();
            out[from + i] = channel.stdout.await(id).readAt() - t0;
        }
    }

    /** The same shape without a hub: POST to the relay, which POSTs to the echo process, which writes the line. */
    private static void floors(HttpClient http, FloorRelay relay, long[] out, int from, int n)
            throws IOException, InterruptedException {
        for (int i = 0; i < n; i++) {
            String marker = "floor-" + from + "-" + i + "-" + System.nanoTime();
            long t0 = System.nanoTime();
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(relay.uri()).POST(HttpRequest.BodyPublishers
                    .ofString("{\"id\":\"" + marker + "\",\"text\":\"benchmark message\"}", StandardCharsets.UTF_8))
                    .build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() != 201) {
                throw new IllegalStateException("floor relay: HTTP " + r.statusCode());
            }
            out[from + i] = relay.stdout.await(marker).readAt() - t0;
        }
    }

    private static void commits(OneCommit one, long[] out, int from, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            one.commit();
            out[from + i] = System.nanoTime() - t0;
        }
    }

    /**
     * 16 senders → 8 recipients with channels; counted, by id, on the channels' stdout: once through fresh channels,
     * then as many messages again through the same channels, warm.
     */
    private static Throughputs throughput(ApiClient api, Hub hub, Path home, Plan plan, String prefix)
            throws Exception {
        List<String> senders = new ArrayList<>();
        for (int i = 0; i < plan.senders(); i++) {
            senders.add(join(api, hub, prefix + "s" + i).path("token").asString());
        }
        List<ChannelChild> channels = new ArrayList<>();
        Set<String> received = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        try {
            List<String> ids = new ArrayList<>();
            List<String> recipients = new ArrayList<>();
            for (int r = 0; r < plan.recipients(); r++) {
                JsonNode p = join(api, hub, prefix + "r" + r);
                ids.add(p.path("id").asString());
                recipients.add(prefix + "r" + r);
                channels.add(new ChannelChild(hub.url(), p.path("id").asString(), p.path("token").asString(),
                        Files.createDirectories(home.resolve(prefix + "r" + r))));
            }
            awaitPush(api, hub, ids);
            for (int r = 0; r < channels.size(); r++) {
                ChannelChild c = channels.get(r);
                Thread.ofPlatform().name(ProcCpu.BENCH_THREAD + "count-" + r).daemon()
                        .start(() -> c.countMessageIds(received, duplicates));
            }
            int each = plan.throughputMessages() / plan.senders();
            System.err.printf("throughput: %d senders → %d channels, %d messages, twice%n", plan.senders(),
                    plan.recipients(), each * plan.senders());
            // The senders' own HTTP client, its threads told apart from the hub's: its workers by name, its selector
            // (which the JDK names like the hub's push client's) by the thread id it started with.
            Set<String> clientThreadsBefore = ProcCpu.threadIds("HttpClient-");
            try (ExecutorService clientPool = Executors.newFixedThreadPool(4,
                    Thread.ofPlatform().name(ProcCpu.BENCH_THREAD + "http-", 0).daemon().factory());
                 ApiClient senderApi = new ApiClient(hub.url(), clientPool)) {
                Set<String> selector = new HashSet<>(ProcCpu.threadIds("HttpClient-"));
                selector.removeAll(clientThreadsBefore);
                if (selector.size() != 1) {
                    System.err.printf("the senders' HTTP client started %d selector threads, not one: the hub's CPU "
                            + "may still hold some of theirs%n", selector.size());
                }
                Throughput fresh = run(senderApi, selector, senders, each, recipients, channels, received,
                        duplicates);
                // Every message of the first run was counted (or the wait gave up): what is counted next is the
                // second's.
                received.clear();
                duplicates.set(0);
                Throughput warm = run(senderApi, selector, senders, each, recipients, channels, received,
                        duplicates);
                return new Throughputs(fresh, warm);
            }
        } finally {
            for (ChannelChild c : channels) {
                c.close();
            }
        }
    }

    private static Throughput run(ApiClient api, Set<String> clientSelector, List<String> senders, int each,
                                  List<String> recipients, List<ChannelChild> channels, Set<String> received,
                                  AtomicInteger duplicates) throws Exception {
        List<ProcCpu> channelCpuBefore = channels.stream().map(ChannelChild::cpu).toList();
        ProcCpu hubCpuBefore = ProcCpu.of(ProcessHandle.current().pid(), clientSelector);
        SenderRun.Result run = SenderRun.run(api, senders, each, recipients, received);
        ProcCpu hubCpu = ProcCpu.of(ProcessHandle.current().pid(), clientSelector).minus(hubCpuBefore);
        ProcCpu channelCpu = ProcCpu.NONE;
        for (int i = 0; i < channels.size(); i++) {
            channelCpu = channelCpu.plus(channels.get(i).cpu().minus(channelCpuBefore.get(i)));
        }
        return new Throughput(run.sendNanos().length, received.size(), duplicates.get(), run.seconds(),
                run.sends(), hubCpu, run.senderCpuNanos(), channelCpu);
    }

    private static String table(Plan plan, Latencies push, Latencies floor, Latencies commit, Throughputs t,
                                String loadBefore, String loadAfter) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%s, %d cores (nproc), load average %s at start, %s at end; Java %s; %s%n%n",
                LocalDate.now(ZoneOffset.UTC), Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter,
                System.getProperty("java.version"), plan.quick() ? "quick mode" : "full mode"));
        b.append(String.format("```sh%nbench/run%s%n```%n%n", plan.quick() ? " --quick" : ""));
        b.append("| figure | p50 / p90 / p99 / max (ms) | n |\n|---|---|---|\n");
        b.append(String.format("| push: send call → notification line of a real `mosaic channel` | %s | %d |%n",
                push.row(), push.count()));
        b.append(String.format("| floor: two bare loopback hops (JDK HttpServer relay → process writing a line) "
                + "| %s | %d |%n", floor.row(), floor.count()));
        b.append(String.format("| one durable commit (SQLite WAL, synchronous=FULL, one INSERT) | %s | %d |%n",
                commit.row(), commit.count()));
        b.append(String.format("| push ÷ (floor + one commit), at p50 | %.1f× | |%n",
                push.percentile(50) / (floor.percentile(50) + commit.percentile(50))));
        b.append(throughputRows(plan, t, Synchronous.FULL));
        return b.toString();
    }

    private static String throughputRows(Plan plan, Throughputs both, Synchronous level) {
        Throughput t = both.warm();
        Throughput fresh = both.fresh();
        StringBuilder b = new StringBuilder();
        b.append(String.format("%n| durable throughput, %d senders → %d channels (%s), warm | figure |%n|---|---|%n",
                plan.senders(), plan.recipients(), level));
        b.append(String.format("| messages/s counted at the receivers | %.0f |%n", t.perSecond()));
        b.append(String.format("| sent / received / lost / duplicates | %d / %d / %d / %d |%n", t.sent(),
                t.received(), t.sent() - t.received(), t.duplicates()));
        b.append(String.format("| send call p50 / p90 / p99 / max (ms) | %s |%n", t.sendLatency().row()));
        double n = t.received() * 1e3; // nanoseconds → µs per message
        b.append(String.format("| CPU per message received (µs; /proc): the hub (its JVM without its JIT and the "
                        + "bench's threads) / the 16 sending threads / the bench's other threads in the hub's JVM (the "
                        + "senders' HTTP client, the readers of the channels' lines) / the 8 channels without their "
                        + "JIT | %.0f / %.0f / %.0f / %.0f |%n",
                t.hubNanos() / n, t.senderCpuNanos() / n, t.hubCpu().benchNanos() / n,
                t.channelCpu().withoutJitNanos() / n));
        b.append(String.format("| JIT compiler CPU per message (µs): hub / channels | %.0f / %.0f |%n",
                t.hubCpu().jitNanos() / n, t.channelCpu().jitNanos() / n));
        double nf = fresh.received() * 1e3;
        b.append(String.format("| the run before it, through the same channels fresh from their start: messages/s; "
                        + "sent / received / lost / duplicates; CPU per message, hub / channels, and their JIT (µs) "
                        + "| %.0f; %d / %d / %d / %d; %.0f / %.0f, JIT %.0f / %.0f |%n",
                fresh.perSecond(), fresh.sent(), fresh.received(), fresh.sent() - fresh.received(),
                fresh.duplicates(), fresh.hubNanos() / nf,
                fresh.channelCpu().withoutJitNanos() / nf, fresh.hubCpu().jitNanos() / nf,
                fresh.channelCpu().jitNanos() / nf));
        return b.toString();
    }
}
