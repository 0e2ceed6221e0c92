package dev.mosaic.bench;

import dev.mosaic.client.HubAddress;
import dev.mosaic.testing.AgentChannel;
import dev.mosaic.testing.ApiClient;
import dev.mosaic.testing.HubProcess;
import dev.mosaic.testing.Ledger;
import dev.mosaic.testing.Ports;
import dev.mosaic.testing.TestHub;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static dev.mosaic.testing.ApiClient.q;

/**
 * The soak (RELIABILITY.md row 6): a real hub process, PANES panes each with a real channel process, every pane
 * sending to random others, and channels killed with SIGKILL and started again at random. Samples the hub's RSS;
 * at the end counts, per receiving agent, what was lost, doubled or out of order. Run it with bench/soak.sh.
 */
public final class Soak {
    private record Agent(TestHub.Pane pane, List<AgentChannel> channels, Ledger ledger) {
    }

    public static void main(String[] args) throws Exception {
        Duration duration = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 3600);
        int panes = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        double sendsPerSecondPerPane = args.length > 2 ? Double.parseDouble(args[2]) : 1.0;
        Path home = Files.createTempDirectory("mosaic-soak");
        Random random = new Random(14);
        System.out.println("soak: " + duration.toSeconds() + " s, " + panes + " panes, " + sendsPerSecondPerPane
                + " sends/s per pane, home " + home);

        List<Agent> agents = new CopyOnWriteArrayList<>();
        // A thread per sender: a send that waits on the hub must not hold up the others' sends.
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(panes + 2);
        AtomicLong rssMin = new AtomicLong(Long.MAX_VALUE);
        AtomicLong rssMax = new AtomicLong();
        AtomicLong rssLast = new AtomicLong();
        AtomicInteger kills = new AtomicInteger();
        AtomicInteger sendErrors = new AtomicInteger();
        try (HubProcess hub = new HubProcess(home, Ports.free(), home.resolve("hub.out")).start()) {
            ApiClient api = new ApiClient(hub.url());
            String op = HubAddress.operator(home).token();
            for (int i = 0; i < panes; i++) {
                ApiClient.Answer a = api.post(op, "/api/v1/panes", "{\"name\":\"Agent" + i + "\"}");
                TestHub.Pane p = new TestHub.Pane(a.json().path("id").asString(), "Agent" + i,
                        a.json().path("token").asString());
                List<AgentChannel> channels = new CopyOnWriteArrayList<>();
                channels.add(start(hub, p, home));
                agents.add(new Agent(p, channels, new Ledger()));
            }
            long hubPid = hub.process().pid();
            sampleRss(hubPid, rssMin, rssMax, rssLast);
            timers.scheduleAtFixedRate(() -> sampleRss(hubPid, rssMin, rssMax, rssLast), 10, 10, TimeUnit.SECONDS);

            long periodMicros = (long) (1_000_000 / sendsPerSecondPerPane);
            AtomicInteger counter = new AtomicInteger();
            for (Agent from : agents) {
                timers.scheduleAtFixedRate(() -> {
                    Agent to = agents.get(random.nextInt(agents.size()));
                    if (to == from) {
                        return;
                    }
                    ApiClient.Answer a = api.post(from.pane().token(), "/api/v1/messages", "{\"to\":"
                            + q(to.pane().name()) + ",\"text\":" + q("soak " + counter.incrementAndGet()) + "}");
                    if (a.status() == 201) {
                        to.ledger().sent(from.pane().name(), a.json().path("messages").get(0).path("id").asString());
                    } else {
                        sendErrors.incrementAndGet();
                    }
                }, random.nextInt(1000), periodMicros, TimeUnit.MICROSECONDS);
            }
            long end = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < end) {
                TimeUnit.SECONDS.sleep(5 + random.nextInt(10));
                Agent victim = agents.get(random.nextInt(agents.size()));
                victim.channels().getLast().kill9();
                kills.incrementAndGet();
                TimeUnit.MILLISECONDS.sleep(500 + random.nextInt(2500));
                victim.channels().add(start(hub, victim.pane(), home));
            }
            // shutdown, not shutdownNow: a send under way finishes and is recorded (an interrupted one could be stored
            // and shown to its agent without the ledger knowing it was sent).
            timers.shutdown();
            timers.awaitTermination(60, TimeUnit.SECONDS);

            // Let the last channels catch up, then read whatever is left from each inbox, as an agent could.
            long drainUntil = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (System.nanoTime() < drainUntil && !agents.stream().allMatch(Soak::caughtUp)) {
                TimeUnit.SECONDS.sleep(1);
            }
            int lost = 0;
            int doubled = 0;
            int redelivered = 0;
            int sent = 0;
            int inOrder = 0;
            int senders = 0;
            List<String> problems = new ArrayList<>();
            // A line on a channel's stdout that is not JSON reached no agent; listed, so a loss can be told apart
            // from a line the harness could not read.
            List<String> unreadable = new ArrayList<>();
            for (Agent a : agents) {
                a.channels().forEach(c -> c.seen().forEach(s -> a.ledger().saw(s.messageId(), s.redelivered())));
                a.channels().forEach(c -> c.unreadableLines().forEach(l -> unreadable.add(a.pane().name() + ": "
                        + l.substring(0, Math.min(200, l.length())))));
                JsonNode polled;
                while ((polled = api.get(a.pane().token(), "/api/v1/panes/" + a.pane().id() + "/inbox?limit=100")
                        .json().path("messages")).size() > 0) {
                    polled.forEach(m -> a.ledger().saw(m.path("id").asString(), m.path("redelivered").asBoolean()));
                }
                Ledger.Figures f = a.ledger().figures();
                lost += f.lost();
                doubled += f.doubled();
                redelivered += f.redeliveredCopies();
                sent += f.sent();
                inOrder += f.sendersInOrder();
                senders += f.senders();
                problems.addAll(f.firstProblems());
            }
            sampleRss(hubPid, rssMin, rssMax, rssLast);
            System.out.println("FIGURE soak " + duration.toSeconds() + " s, " + panes + " panes: sent " + sent
                    + ", lost " + lost + ", doubled " + doubled + ", redelivered copies " + redelivered
                    + ", order kept for " + inOrder + "/" + senders + " sender-receiver pairs, channels killed "
                    + kills.get() + ", sends refused " + sendErrors.get() + ", unreadable stdout lines "
                    + unreadable.size() + ", hub RSS min " + rssMin.get() / 1024
                    + " MB, max " + rssMax.get() / 1024 + " MB, last " + rssLast.get() / 1024 + " MB");
            problems.stream().limit(10).forEach(p -> System.out.println("  problem: " + p));
            unreadable.stream().limit(5).forEach(l -> System.out.println("  unreadable: " + l));
        } finally {
            timers.shutdownNow();
            for (Agent a : agents) {
                a.channels().forEach(AgentChannel::close);
            }
        }
        System.exit(0);
    }

    private static boolean caughtUp(Agent a) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        a.channels().forEach(c -> c.seen().forEach(s -> ids.add(s.messageId())));
        return ids.size() >= a.ledger().sentCount();
    }

    private static AgentChannel start(HubProcess hub, TestHub.Pane p, Path home) {
        return new AgentChannel(AgentChannel.paneEnv(hub.url(), p, home.resolve("channel-" + p.name())),
                home.resolve(p.name() + ".stderr"));
    }

    /** VmRSS of a process, in kB, from /proc. */
    private static void sampleRss(long pid, AtomicLong min, AtomicLong max, AtomicLong last) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    last.set(kb);
                    min.accumulateAndGet(kb, Math::min);
                    max.accumulateAndGet(kb, Math::max);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the hub is gone; the figures say what was seen before
        }
    }
}
