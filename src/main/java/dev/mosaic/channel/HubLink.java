package dev.mosaic.channel;

import dev.mosaic.client.HubAddress;
import dev.mosaic.client.HubClient;
import dev.mosaic.client.HubException;
import dev.mosaic.model.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The channel's tie to the hub: which pane it is, its push registration, and noticing when the hub went away.
 *
 * <p>When to register (DESIGN §4): at start, and again only after the hub could not be reached, never merely on
 * a timer, so a channel that a newer registration replaced stays replaced. What the channel must notice is an
 * outage: a tool call that could not reach the hub says so at once ({@link #hubUnreachable}), and for an idle agent
 * the presence stream it holds open ends, a hub restart included (with an older hub, a cheap health check every few
 * seconds fails instead, and a restart between two checks goes unnoticed: the hub keeps registrations in its store).
 * Once the hub answers again after an outage we register again (the hub may have lost the registration, or marked it
 * down while we were unreachable to it), which also triggers its catch-up of queued messages, oldest first.
 */
final class HubLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HubLink.class);
    /**
     * How long a tool call waits for the first join and registration. An MCP client may call a tool in the same
     * write as {@code notifications/initialized}, before the channel knows its pane. A join takes 0.25–0.65 s on a
     * quiet machine but more than 2 s on a loaded one (seen at load 12 on 2 cores), and an agent would rather wait a
     * few seconds once than be told to retry; a hub that stays unreachable that long gets the "not reachable" answer.
     */
    private static final Duration FIRST_CALL_PATIENCE = Duration.ofSeconds(5);

    /**
     * How long the presence stream may stay silent before the hub counts as gone (four of its 5 s beats), how often
     * a channel whose hub has no presence stream checks its health instead, and how fast it retries while the hub is
     * away.
     */
    record Timing(Duration presenceSilence, Duration healthEvery, Backoff backoff) {
        static Timing defaults() {
            return new Timing(Duration.ofSeconds(20), Duration.ofSeconds(5),
                    new Backoff(Duration.ofMillis(250), Duration.ofSeconds(10)));
        }
    }

    private final HubLocation location;
    private final int pushPort;
    private final PushSecret secret;
    /** Whether Claude Code gave this process its messaging socket, and whether to use it from the first message. */
    private final SocketOffer socket;
    private final Timing timing;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Condition settledOnce = lock.newCondition();
    private boolean needsRegistration = true; // guarded by lock
    private boolean settled; // guarded by lock: the first registration succeeded or was refused in a lasting way
    private boolean closed; // guarded by lock
    private boolean presenceEnded; // guarded by lock: the presence stream being held has ended
    /** False once the hub answered that it has no presence stream (an older hub): health checks instead. */
    private volatile boolean presenceServed = true;

    private volatile HubClient client; // null until the link's thread has made it (and joined, for a name)
    private volatile String problem; // why tools cannot work right now; null when all is well
    private volatile boolean registered;
    private volatile boolean joinedByName;
    private Thread watcher;

    HubLink(HubLocation location, int pushPort, PushSecret secret, SocketOffer socket, Timing timing) {
        this.location = location;
        this.pushPort = pushPort;
        this.secret = secret;
        this.socket = socket;
        this.timing = timing;
        problem = location instanceof HubLocation.Nowhere n ? n.reason()
                : "The channel is still connecting to the Mosaic hub; try again in a moment.";
    }

    /** Starts registering in the background: initialize must not wait for the hub. */
    void start() {
        if (location instanceof HubLocation.Nowhere n) {
            LOG.warn("mosaic channel: no hub configured. {}", n.reason());
            settle();
            return;
        }
        watcher = new Thread(this::watch, "mosaic-hub-link");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** The client to call the hub with, as this pane; waits a little for the first join and registration. */
    HubClient client() {
        awaitSettled();
        HubClient c = client;
        if (c == null) {
            throw new ToolError(problem);
        }
        return c;
    }

    private void awaitSettled() {
        lock.lock();
        try {
            long nanos = FIRST_CALL_PATIENCE.toNanos();
            while (!settled && !closed && nanos > 0) {
                nanos = settledOnce.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** From now on tool calls go ahead at once: the channel knows whether it is registered, or why not. */
    private void settle() {
        lock.lock();
        try {
            settled = true;
            settledOnce.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The pane this channel acts as, or null before it is known. */
    String paneId() {
        HubClient c = client;
        return c == null ? null : c.address().paneId();
    }

    /** A sentence for the agent when a call could not reach the hub; also starts reconnecting at once. */
    String hubUnreachable(HubException e) {
        lock.lock();
        try {
            if (!needsRegistration) {
                LOG.warn("lost the hub: {}", e.getMessage());
            }
            needsRegistration = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        return unreachableSentence();
    }

    private String unreachableSentence() {
        HubClient c = client;
        String where = c == null ? "" : " at " + c.address().url();
        return "The Mosaic hub" + where + " is not reachable right now; this channel keeps trying to reconnect by "
                + "itself. Try again in a few seconds; if it persists, ask the operator to check that `mosaic up` "
                + "is running.";
    }

    private void watch() {
        int attempt = 0;
        while (true) {
            boolean register;
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                register = needsRegistration;
            } finally {
                lock.unlock();
            }
            if (register) {
                Duration retry = tryRegister();
                if (retry == null) {
                    attempt = 0;
                    continue;
                }
                if (retry.isNegative()) {
                    return; // refused for good; the problem says why
                }
                sleep(retry.isZero()
                        ? timing.backoff().delay(++attempt, ThreadLocalRandom.current()::nextDouble)
                        : retry);
            } else if (presenceServed) {
                attempt = holdPresence(attempt);
            } else {
                sleep(timing.healthEvery());
                checkHealth();
            }
        }
    }

    /** Null when registered; otherwise how long to wait before trying again (negative: never). */
    private Duration tryRegister() {
        try {
            HubClient c = ensurePane();
            c.registerChannel(pushPort, secret.value(), socket != SocketOffer.NONE, socket == SocketOffer.FIRST);
            registered = true;
            problem = null;
            lock.lock();
            try {
                needsRegistration = false;
            } finally {
                lock.unlock();
            }
            settle();
            LOG.info("registered with the hub at {} as pane {}; push port {}{}", c.address().url(),
                    c.address().paneId(), pushPort, socket.logged());
            return null;
        } catch (HubException e) {
            if (e.unreachable() || e.code().equals("config")) {
                problem = e.code().equals("config") ? e.getMessage() : unreachableSentence();
                LOG.debug("hub not reachable yet: {}", e.getMessage());
                return Duration.ZERO;
            }
            if (e.code().equals("name_taken")) {
                String name = ((HubLocation.Named) location).name();
                problem = "The name '" + name + "' is already taken by a live pane in the Mosaic hub. Give this "
                        + "session another name (MOSAIC_NAME), or stop that pane (`mosaic panes` lists them), then "
                        + "restart Claude Code.";
                LOG.warn("mosaic channel: {}", problem);
                settle();
                return timing.backoff().cap(); // that pane may go away
            }
            if (e.status() == 401 || e.status() == 403 || e.status() == 404) {
                problem = "The Mosaic hub does not accept this pane (" + e.getMessage() + "). Its token or id is "
                        + "unknown to this hub (was it stopped, or is this another hub?). Rejoin with `mosaic join "
                        + "NAME`, set the variables it prints, and restart Claude Code.";
                LOG.error("mosaic channel: {}", problem);
                settle();
                return Duration.ofSeconds(-1);
            }
            problem = "The Mosaic hub refused to register this channel (" + e.getMessage() + "); the channel keeps "
                    + "retrying.";
            LOG.warn("registration refused: {} ({})", e.getMessage(), e.code());
            return Duration.ZERO;
        }
    }

    private HubClient ensurePane() {
        HubClient c = client;
        if (c != null) {
            return c;
        }
        if (location instanceof HubLocation.Pane p) {
            // Made here, on the link's thread, not while the channel starts: building a JDK HttpClient (its selector
            // thread, its executor) costs tens of milliseconds, and initialize should not wait for that.
            c = new HubClient(p.address());
            client = c;
            return c;
        }
        HubLocation.Named named = (HubLocation.Named) location;
        HubAddress operator = HubAddress.operator(named.home());
        JsonNode pane = new HubClient(operator).join(named.name());
        c = new HubClient(new HubAddress(operator.url(), pane.path("token").asString(), pane.path("id").asString()));
        client = c;
        joinedByName = true;
        LOG.info("joined the hub as {}", pane.path("name").asString());
        return c;
    }

    /**
     * Holds the presence stream until it ends, falls silent, or the link closes or must register again; an end is an
     * outage, as a failed health check was. Returns the backoff attempt to go on with: a stream that ended before its
     * first beat was due counts as a failed attempt, so a hub that drops it at once is not asked again in a tight loop.
     */
    private int holdPresence(int attempt) {
        HubClient c = client;
        java.net.http.HttpResponse<java.io.InputStream> response;
        try {
            response = c.presence(pushPort);
        } catch (HubException e) {
            if (e.code().equals("not_registered")) {
                LOG.info("the hub no longer has this channel's registration; registering again");
                requireRegistration();
            } else if (e.unreachable() || e.status() >= 500) {
                problem = unreachableSentence();
                hubUnreachable(e);
            } else {
                // An older hub without the stream (404 for the route), or one that refuses it: health checks do.
                LOG.info("the hub serves no presence stream ({}); checking its health every {} s instead",
                        e.getMessage(), timing.healthEvery().toSeconds());
                presenceServed = false;
            }
            return attempt;
        }
        long opened = System.nanoTime();
        lock.lock();
        try {
            presenceEnded = false;
        } finally {
            lock.unlock();
        }
        boolean outage;
        try (PresenceReader reader = new PresenceReader(response.body(), this::presenceEnded)) {
            outage = awaitPresenceEnd(reader);
        }
        if (!outage) {
            return attempt;
        }
        LOG.warn("the hub's presence stream ended (the hub went away, or dropped this registration); registering again");
        problem = unreachableSentence();
        requireRegistration();
        if (System.nanoTime() - opened < timing.presenceSilence().toNanos() / 3) {
            sleep(timing.backoff().delay(++attempt, ThreadLocalRandom.current()::nextDouble));
            return attempt;
        }
        return 0;
    }

    /** Waits while the stream is open and not silent too long; true when it ended or fell silent (an outage). */
    private boolean awaitPresenceEnd(PresenceReader reader) {
        lock.lock();
        try {
            while (!closed && !needsRegistration && !presenceEnded) {
                long left = timing.presenceSilence().toNanos() - (System.nanoTime() - reader.lastHeardNanos());
                if (left <= 0) {
                    return true;
                }
                wake.awaitNanos(left);
            }
            return presenceEnded && !closed && !needsRegistration;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void presenceEnded() {
        lock.lock();
        try {
            presenceEnded = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void requireRegistration() {
        lock.lock();
        try {
            needsRegistration = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void checkHealth() {
        HubClient c = client;
        lock.lock();
        try {
            if (closed || needsRegistration || c == null) {
                return;
            }
        } finally {
            lock.unlock();
        }
        try {
            c.health();
        } catch (HubException e) {
            if (e.unreachable() || e.status() >= 500) {
                problem = unreachableSentence();
                hubUnreachable(e);
            }
        }
    }

    private void sleep(Duration d) {
        lock.lock();
        try {
            long nanos = d.toNanos();
            boolean was = needsRegistration;
            while (!closed && nanos > 0 && needsRegistration == was) {
                nanos = wake.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Withdraws the registration (and a pane joined by name, so the name is free for the next session). */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            wake.signalAll();
            settledOnce.signalAll();
        } finally {
            lock.unlock();
        }
        if (watcher != null) {
            try {
                watcher.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        HubClient c = client;
        if (c == null) {
            return;
        }
        try {
            if (registered) {
                c.unregisterChannel(pushPort);
                LOG.info("unregistered from the hub");
            }
            if (joinedByName) {
                c.stopPane(c.address().paneId());
            }
        } catch (HubException e) {
            LOG.warn("could not unregister from the hub: {}", e.getMessage());
        }
    }
}
