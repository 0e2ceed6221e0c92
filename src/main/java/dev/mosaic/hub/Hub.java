package dev.mosaic.hub;

import dev.mosaic.delivery.ClaimSweep;
import dev.mosaic.delivery.HttpPushClient;
import dev.mosaic.delivery.PushMetrics;
import dev.mosaic.delivery.Pusher;
import dev.mosaic.model.Backoff;
import dev.mosaic.model.MessageIds;
import dev.mosaic.pty.Terminals;
import dev.mosaic.store.JdbcStore;
import dev.mosaic.store.PostgresTarget;
import dev.mosaic.store.Store;
import dev.mosaic.store.StoreUnavailableException;
import dev.mosaic.web.LoginCodes;
import dev.mosaic.web.LoginLinks;
import dev.mosaic.web.Sessions;
import dev.mosaic.web.StaticFiles;
import dev.mosaic.web.WebRoutes;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The hub: one per workstation. {@link #start} opens the store, resumes pushes, serves the API and writes
 * hub.json; {@link #close} stops in the reverse order and is safe to call twice.
 */
public final class Hub implements AutoCloseable {
    private static final int RESULT_COPY_BUFFER = 4096;
    /** The largest request body the API takes (413 above it); a message's text is at most 64 KiB of it. */
    static final long MAX_REQUEST_SIZE = 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);
    /** Long polls wait up to a minute; connections must outlive them. */
    private static final long IDLE_TIMEOUT_MS = Duration.ofMinutes(5).toMillis();
    private static final Duration TERMINAL_IDLE_TIMEOUT = Duration.ofHours(1);
    /** A pasted block arrives as one binary message. */
    private static final long MAX_TERMINAL_MESSAGE = 1024 * 1024;

    private final HomeLock homeLock;
    private final Store store;
    /** What runs in the background (pushes, leases, sweeps, answer relays), closed in reverse order of start. */
    private final List<AutoCloseable> workers;
    /** Closed before the server stops: what writes to open streams on its own (the event bus, presence beats). */
    private final List<AutoCloseable> streams;
    private final Terminals terminals;
    private final Javalin server;
    private final String url;
    private final String operatorToken;
    private final LoginLinks loginLinks;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Hub(HomeLock homeLock, Store store, List<AutoCloseable> workers, List<AutoCloseable> streams,
                Terminals terminals, Javalin server, String url, String operatorToken, LoginLinks loginLinks) {
        this.loginLinks = loginLinks;
        this.homeLock = homeLock;
        this.store = store;
        this.workers = workers;
        this.streams = streams;
        this.terminals = terminals;
        this.server = server;
        this.url = url;
        this.operatorToken = operatorToken;
    }

    public static Hub start(HubConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** Starts a hub whose wall clock (message times, idempotency and login codes' expiry) is the given one. */
    public static Hub start(HubConfig config, Clock clock) {
        return start(config, clock, System.getenv());
    }

    /**
     * Starts a hub with this environment as its own: spawned panes inherit it, and Claude Code, the launcher and
     * HOME are found in it.
     */
    public static Hub start(HubConfig config, Clock clock, Map<String, String> env) {
        HomeLock homeLock = HomeLock.acquire(config.home());
        // One registry per hub, its meters handed to the parts that record them; GET /metrics reads it.
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Store store;
        try {
            store = new JdbcStore(DatabaseOpener.open(config, meters, env), HubIdentity.of(config.home()));
        } catch (RuntimeException e) {
            homeLock.close();
            throw e;
        }
        EventBus bus = new EventBus();
        List<AutoCloseable> streams = new ArrayList<>(List.of(bus));
        Terminals terminals = new Terminals(env, config.stopGrace());
        List<AutoCloseable> workers = new ArrayList<>();
        Javalin server = null;
        try {
            Tokens tokens = new Tokens();
            String operatorToken = HubFile.previousToken(config.home()).orElseGet(tokens::newToken);
            ChannelLeases leases = new ChannelLeases(clock, ChannelLeases.DEFAULT_TERM);
            workers.add(leases);
            PaneViews views = new PaneViews(store, leases, clock);
            InboxSignals inboxSignals = new InboxSignals();
            HubEvents events = new HubEvents(bus, views, inboxSignals, leases);
            HttpPushClient pushClient = new HttpPushClient(config.delivery().pushTimeout());
            Pusher pusher = new Pusher(store, pushClient, config.delivery().retry(), events, ClaimSweep.defaults(),
                    new PushMetrics(meters, clock));
            workers.add(pusher);
            // Their processes died with the previous hub (or it stopped them): nothing of them runs for us now.
            store.exitOrphanedPanes();
            HubUrl hubUrl = new HubUrl();
            Panes panes = new Panes(store, tokens, pusher, leases, views, events, terminals, hubUrl,
                    Path.of("").toAbsolutePath(), new ClaudeAgent(env), ClaudeAgent.namedLauncher(env));
            for (var kept : store.localChannels()) {
                leases.heard(kept.paneId()); // registrations kept from the last run count as heard now
                store.setChannelQuiet(kept.paneId(), false); // and so the other hubs see them (DESIGN §6)
            }
            leases.watch(paneId -> {
                // The other hubs see the lease through the store (DESIGN §6); one write per lapse or revival.
                try {
                    store.setChannelQuiet(paneId, !leases.fresh(paneId));
                } catch (StoreUnavailableException e) {
                    LOG.warn("pane {}: cannot tell the other hubs its channel's lease changed: {}", paneId,
                            e.getMessage());
                }
                events.pane(paneId);
            });
            ChannelPresence presence = new ChannelPresence(panes, leases, ChannelPresence.BEAT);
            streams.add(presence);
            MessageIds messageIds = new MessageIds();
            HubConfig.SendLimits limits = config.limits();
            Messages messages = new Messages(store, messageIds, pusher, inboxSignals, events,
                    new RateLimiter(limits.burst(), limits.perSecond(), System::nanoTime),
                    new LoopGuard(limits.loopLimit(), limits.loopWindow().toNanos(), System::nanoTime), clock,
                    new MessageMetrics(meters));
            messages.pruneIdempotencyKeys(); // at start; then at most hourly, as keyed sends arrive
            Sessions sessions = new Sessions();
            LoginCodes loginCodes = new LoginCodes(clock);
            LoginLinks loginLinks = new LoginLinks(loginCodes, hubUrl::get);
            Authenticator auth = new Authenticator(operatorToken, store, sessions);
            OriginPolicy origins = new OriginPolicy(config.listen().bind());
            TerminalSocket terminalSocket = new TerminalSocket(auth, panes, origins);
            Approvals approvals = new Approvals(store, events);
            // Seen receipts and the sweep of unseen pushes (DESIGN §10).
            SeenReceipts receipts = new SeenReceipts(store, pusher, events, clock);
            TranscriptWitness transcripts = new TranscriptWitness(store, receipts);
            NotSeenSweep notSeen = new NotSeenSweep(store, pusher, events, config.delivery().seen(), clock,
                    transcripts);
            workers.add(notSeen);
            TextIndexer textIndexer = new TextIndexer(store);
            workers.add(textIndexer);
            AgentStates agents = new AgentStates(store, events, approvals, receipts, transcripts);
            AnswerRelay answerRelay = new AnswerRelay(store, pushClient, events,
                    new Backoff(config.delivery().retry().base(), config.delivery().retry().cap()));
            workers.add(answerRelay); // an answer not delivered yet stays 'sending' at close: the next start resumes it
            ApprovalRoutes approvalRoutes = new ApprovalRoutes(approvals,
                    new PermissionRequests(store, events, agents, new LeadNotices(store, messages)),
                    new ApprovalAnswers(store, events, agents, approvals, answerRelay), new Leads(store, events),
                    store);
            HttpApi api = new HttpApi(auth, panes, messages, bus, terminalSocket, Version.CURRENT, origins,
                    loginLinks, agents, approvalRoutes);
            Rooms roomRules = new Rooms(store, messageIds, messages, events, clock);
            panes.onDeparture(roomRules::paneLeft); // a member who left is skipped, and a turn it held moves on
            roomRules.passTurnsOfDepartedMembers();
            RoomRoutes rooms = new RoomRoutes(roomRules);
            MetricsRoutes metrics = new MetricsRoutes(meters, auth, views, bus);
            WebRoutes web = new WebRoutes(loginCodes, sessions, new StaticFiles(Hub.class.getClassLoader(), "web"));

            server = Javalin.create(c -> {
                c.startup.showJavalinBanner = false;
                c.startup.showOldJavalinVersionWarning = false;
                c.concurrency.useVirtualThreads = true;
                c.http.maxRequestSize = MAX_REQUEST_SIZE;
                // Javalin copies each result through a new buffer of this size (32 KiB unless set): for answers of a
                // few hundred bytes that was 38 % of a busy hub's allocation. Jetty still buffers the output itself.
                c.http.responseBufferSize = RESULT_COPY_BUFFER;
                c.jetty.host = config.listen().bind();
                c.jetty.port = config.listen().port();
                c.jetty.modifyWebSocketServletFactory(ws -> {
                    // Jetty closes an idle socket after 30 s and a binary message over 64 KiB (MEASURED.md): a
                    // terminal sits idle for hours, and a paste is one message. Server pings are not used: their
                    // thread kept the JVM alive after stop().
                    ws.setIdleTimeout(TERMINAL_IDLE_TIMEOUT);
                    ws.setMaxBinaryMessageSize(MAX_TERMINAL_MESSAGE);
                    ws.setMaxTextMessageSize(64 * 1024);
                });
                api.install(c);
                presence.install(c.routes);
                rooms.install(c.routes);
                metrics.install(c.routes);
                web.install(c.routes);
            });
            server.start();
            for (Connector connector : server.jettyServer().server().getConnectors()) {
                if (connector instanceof ServerConnector sc) {
                    sc.setIdleTimeout(IDLE_TIMEOUT_MS);
                }
            }
            String bind = config.listen().bind();
            String host = bind.contains(":") ? "[" + bind + "]" : bind;
            String url = "http://" + host + ":" + server.port();
            hubUrl.set(url);
            pusher.start();
            // Hubs sharing the database (DESIGN §6): tell them this one is alive, and push what they store for ours.
            // A SQLite file has one hub: nobody to tell, so no write every 5 s.
            if (config.database().url().filter(PostgresTarget::isPostgres).isPresent()) {
                HubHeartbeat heartbeat = new HubHeartbeat(store, clock, new OtherHubsWatch(views, events));
                workers.add(heartbeat);
                heartbeat.start();
            }
            workers.add(store.onQueued(paneId -> {
                // A message another hub stored: push it, or wake a long poll waiting for it here.
                if (paneId == null) {
                    pusher.wakeAll();
                    inboxSignals.signalEveryone();
                } else {
                    pusher.messageStored(paneId);
                    inboxSignals.signal(paneId);
                }
            }));
            notSeen.start();
            textIndexer.start();
            answerRelay.start();
            HubFile.write(config.home(), url, operatorToken);
            LOG.info("Mosaic hub {} listening on {} (home {})", Version.CURRENT, url, config.home());
            return new Hub(homeLock, store, workers, streams, terminals, server, url, operatorToken, loginLinks);
        } catch (IOException e) {
            cleanUp(server, terminals, workers, streams, store);
            homeLock.close();
            throw new UncheckedIOException("cannot write " + config.home().resolve(HubFile.NAME), e);
        } catch (RuntimeException e) {
            cleanUp(server, terminals, workers, streams, store);
            homeLock.close();
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    /** The base URL, with no path: {@code http://127.0.0.1:7420}. */
    public String url() {
        return url;
    }

    public String operatorToken() {
        return operatorToken;
    }

    /** A fresh one-time link that logs a browser in as the operator (DESIGN.md §9). */
    public String newLoginLink() {
        return loginLinks.issue();
    }

    /**
     * Stops taking requests, stops every spawned pane (SIGTERM, SIGKILL after the grace), lets in-flight pushes
     * finish (the rest stay queued), then closes the store.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            cleanUp(server, terminals, workers, streams, store);
            homeLock.close();
            LOG.info("Mosaic hub stopped");
        }
    }

    private static void cleanUp(Javalin server, Terminals terminals, List<AutoCloseable> workers,
                                List<AutoCloseable> streams, Store store) {
        // A write to a stream whose response the stopped server recycled is logged by Javalin as an uncaught
        // error, one per stream: a presence beat after the stop did that for every channel.
        closeAll(streams);
        if (server != null) {
            server.stop();
        }
        // Before the store closes: each exit is recorded there.
        terminals.close();
        closeAll(workers.reversed());
        store.close();
    }

    private static void closeAll(List<AutoCloseable> parts) {
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("could not stop {}: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
