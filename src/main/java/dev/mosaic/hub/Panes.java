package dev.mosaic.hub;

import dev.mosaic.delivery.Pusher;
import dev.mosaic.model.Names;
import dev.mosaic.model.Pane;
import dev.mosaic.model.PaneKind;
import dev.mosaic.model.PaneProcess;
import dev.mosaic.model.PaneStatus;
import dev.mosaic.model.PaneView;
import dev.mosaic.model.Quote;
import dev.mosaic.model.TerminalSize;
import dev.mosaic.model.Timestamps;
import dev.mosaic.pty.DevChannelsAnswer;
import dev.mosaic.pty.SpawnException;
import dev.mosaic.pty.SpawnSpec;
import dev.mosaic.pty.Terminal;
import dev.mosaic.pty.Terminals;
import dev.mosaic.store.ChannelRegistration;
import dev.mosaic.store.NameTakenException;
import dev.mosaic.store.NewPane;
import dev.mosaic.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/** Panes: joining, spawning, listing, stopping, their terminals and their channel registrations. */
final class Panes {
    private static final Logger LOG = LoggerFactory.getLogger(Panes.class);
    /** The one answer that shows a pane's token. */
    record Joined(String id, String name, PaneStatus status, String token) {
    }

    /** A spawn's answer: the pane, its process id, and the one showing of its token. */
    record Spawned(String id, String name, PaneStatus status, PaneKind kind, long pid, String token) {
    }

    private final Store store;
    private final Tokens tokens;
    private final Pusher pusher;
    private final ChannelLeases leases;
    private final PaneViews views;
    private final HubEvents events;
    private final Terminals terminals;
    private final HubUrl hubUrl;
    private final Path defaultCwd;
    private final ClaudeAgent claude;
    private final Optional<Path> claudeLauncher;
    /** Told when a live pane stops or exits (rooms pass its turn on); added once the hub's parts exist. */
    private final List<BiConsumer<String, PaneStatus>> departures = new CopyOnWriteArrayList<>();
    /** Panes being stopped: their process's exit on the way is the stop's, which tells of it. */
    private final Set<String> stopping = ConcurrentHashMap.newKeySet();

    Panes(Store store, Tokens tokens, Pusher pusher, ChannelLeases leases, PaneViews views, HubEvents events,
          Terminals terminals, HubUrl hubUrl, Path defaultCwd, ClaudeAgent claude, Optional<Path> claudeLauncher) {
        this.claude = claude;
        this.claudeLauncher = claudeLauncher;
        this.store = store;
        this.leases = leases;
        this.tokens = tokens;
        this.pusher = pusher;
        this.views = views;
        this.events = events;
        this.terminals = terminals;
        this.hubUrl = hubUrl;
        this.defaultCwd = defaultCwd;
    }

    Joined join(String name) {
        checkName(name);
        String token = tokens.newToken();
        Pane pane = create(name, PaneKind.JOINED, token);
        events.pane(pane.id());
        return new Joined(pane.id(), pane.name(), pane.status(), token);
    }

    /**
     * Runs a command in a new pane's pseudo-terminal. Everything that can be checked is checked before the pane is
     * stored; if the process still fails to start, the pane row is deleted again: a refused spawn leaves nothing.
     */
    Spawned spawn(SpawnRequest request) {
        checkName(request.name());
        Path cwd = defaultCwd.resolve(request.cwd().orElse(defaultCwd)).normalize();
        List<String> command = request.command();
        Map<String, String> env = new LinkedHashMap<>(request.env());
        if (request.agent().isPresent()) {
            ClaudeAgent.Launch launch = claudeLaunch(request.name(), cwd, request.agent().get());
            command = launch.command();
            launch.env().forEach(env::putIfAbsent);
        }
        try {
            terminals.check(new SpawnSpec(command, cwd, env, request.size()));
        } catch (SpawnException e) {
            throw refusal(e);
        }
        String token = tokens.newToken();
        Pane pane = create(request.name(), PaneKind.SPAWNED, token);
        env.put("MOSAIC_URL", hubUrl.get());
        env.put("MOSAIC_PANE_ID", pane.id());
        env.put("MOSAIC_TOKEN", token);
        env.put("MOSAIC_NAME", pane.name());
        Terminal terminal;
        try {
            terminal = terminals.spawn(pane.id(), new SpawnSpec(command, cwd, env, request.size()),
                    code -> exited(pane.id(), code));
        } catch (SpawnException e) {
            store.deletePane(pane.id());
            throw refusal(e);
        } catch (RuntimeException e) {
            store.deletePane(pane.id());
            throw e;
        }
        store.recordProcess(pane.id(), new PaneProcess(terminal.pid(), cwd.toString(), request.size(),
                OptionalInt.empty()));
        if (request.answerDevChannelsWarning()) {
            // Watched here, not by the CLI that asked: the answer comes even if that CLI is gone.
            DevChannelsAnswer.watch(terminal, after -> LOG.info("pane {} ({}): answered Claude Code's "
                    + "development-channels warning {} ms after the spawn", pane.name(), pane.id(), after.toMillis()));
        }
        events.pane(pane.id());
        return new Spawned(pane.id(), pane.name(), PaneStatus.LIVE, PaneKind.SPAWNED, terminal.pid(), token);
    }

    /** Claude Code's launch as {@code mosaic claude} makes it, from the hub's environment; refusals become 4xx. */
    private ClaudeAgent.Launch claudeLaunch(String name, Path cwd, SpawnRequest.Agent agent) {
        try {
            ClaudeAgent.Launch launch = claude.prepare(new ClaudeAgent.Options(name, cwd, agent.worktree(),
                    agent.args()), claudeLauncher);
            for (ClaudeAgent.Note note : launch.notes()) {
                if (note.warning()) {
                    LOG.warn("spawning Claude Code as {}: {}", Quote.of(name), note.text());
                } else {
                    LOG.info("spawning Claude Code as {}: {}", Quote.of(name), note.text());
                }
            }
            return launch;
        } catch (ClaudeAgent.Refused e) {
            throw switch (e.reason()) {
                case NO_CLAUDE -> new ApiError(400, "bad_command", "the hub cannot start Claude Code: "
                        + e.getMessage() + " (in the hub's environment)");
                case NO_REPOSITORY -> new ApiError(400, "bad_cwd", "'worktree' " + e.getMessage());
                case BAD_CONFIG -> new ApiError(400, "bad_config", e.getMessage());
            };
        } catch (java.io.IOException e) {
            throw new ApiError(500, "internal", "could not prepare Claude Code: " + e.getMessage());
        }
    }

    /** Calls {@code departure} with a pane's id and new status each time a live pane stops or exits. */
    void onDeparture(BiConsumer<String, PaneStatus> departure) {
        departures.add(departure);
    }

    private void departed(String id, PaneStatus how) {
        for (BiConsumer<String, PaneStatus> d : departures) {
            try {
                d.accept(id, how);
            } catch (RuntimeException e) {
                // The pane is gone whatever a listener makes of it: a room that could not be told stays as it was.
                LOG.warn("pane {} {}: a listener failed", id, how.wire(), e);
            }
        }
    }

    /** The process of a spawned pane exited: record it and say so. */
    private void exited(String id, int code) {
        boolean wasLive = store.pane(id).map(p -> p.status() == PaneStatus.LIVE).orElse(false);
        store.markExited(id, code);
        pusher.paneStopped(id);
        events.pane(id);
        if (wasLive && !stopping.contains(id)) {
            departed(id, PaneStatus.EXITED);
        }
    }

    /** The terminal of a spawned pane running under this hub, for the operator. */
    Terminal terminal(Caller caller, String id) {
        if (!caller.isOperator()) {
            throw ApiError.forbidden("a pane's terminal is the operator's");
        }
        Pane pane = existing(id);
        return terminals.get(pane.id()).orElseThrow(() -> ApiError.notFound(pane.kind() == PaneKind.JOINED
                ? "pane " + Quote.of(pane.name()) + " joined from outside: the hub has no terminal for it"
                : "pane " + Quote.of(pane.name()) + " has no terminal any more (" + pane.status().wire() + ")"));
    }

    /** The last n bytes a spawned pane's terminal wrote; empty for one whose process ran under an earlier hub. */
    byte[] output(Caller caller, String id, int n) {
        if (!caller.isOperator()) {
            throw ApiError.forbidden("a pane's output is the operator's");
        }
        Pane pane = existing(id);
        if (pane.kind() == PaneKind.JOINED) {
            throw ApiError.notFound("pane " + Quote.of(pane.name()) + " joined from outside: the hub has no output "
                    + "of it");
        }
        return terminals.get(id).map(t -> t.tail(n)).orElseGet(() -> new byte[0]);
    }

    void resized(String id, TerminalSize size) {
        store.resizePane(id, size);
        events.pane(id);
    }

    private static ApiError refusal(SpawnException e) {
        return switch (e.reason()) {
            case BAD_COMMAND -> new ApiError(400, "bad_command", e.getMessage());
            case BAD_CWD -> new ApiError(400, "bad_cwd", e.getMessage());
        };
    }

    private static void checkName(String name) {
        String problem = Names.problem(name);
        if (problem != null) {
            throw ApiError.invalidName(problem);
        }
        if (name.equalsIgnoreCase(Pane.OPERATOR)) {
            throw ApiError.nameTaken("'operator' is reserved for the human at the workstation");
        }
    }

    private Pane create(String name, PaneKind kind, String token) {
        try {
            return store.createPane(new NewPane(UUID.randomUUID().toString(), name, kind, Tokens.hash(token),
                    Timestamps.now()));
        } catch (NameTakenException e) {
            throw ApiError.nameTaken("a live pane is already named " + Quote.of(name)
                    + " (names are compared ignoring case); pick another name or stop that pane");
        }
    }

    /** Live panes, and exited ones with unread messages; with {@code all}, stopped and read-out ones too. */
    List<PaneView> list(boolean all) {
        List<PaneView> every = views.all();
        return all ? every : every.stream().filter(PaneViews::shownByDefault).toList();
    }

    PaneView get(Caller caller, String id) {
        existing(id);
        if (!caller.actsFor(id)) {
            throw ApiError.forbidden("a pane token shows only its own pane; list all with GET /api/v1/panes");
        }
        return views.of(id).orElseThrow();
    }

    /** Stops a pane; a spawned pane's process group gets SIGTERM, then SIGKILL after the grace, first. */
    void stop(Caller caller, String id) throws InterruptedException {
        existing(id);
        if (!caller.actsFor(id)) {
            throw ApiError.forbidden("a pane token stops only its own pane");
        }
        // A pane that exited already left; one that is live leaves now, once, as stopped (its exit on the way is ours).
        boolean wasLive = store.pane(id).map(p -> p.status() == PaneStatus.LIVE).orElse(false);
        stopping.add(id);
        try {
            terminals.stop(id);
            if (store.stopPane(id)) {
                leases.forget(id);
                pusher.paneStopped(id);
                events.pane(id);
                if (wasLive) {
                    departed(id, PaneStatus.STOPPED);
                }
            }
        } finally {
            stopping.remove(id);
        }
    }

    /** @param socket the channel can also deliver through Claude Code's messaging socket (DESIGN §10) */
    /**
     * Registers the pane's channel. {@code socketFirst}: Claude Code drops its notifications (DESIGN §10), so the
     * registration starts on the socket route, as if a push to it had gone unseen already.
     */
    void registerChannel(Caller caller, String id, int port, String secret, boolean socket, boolean socketFirst) {
        Pane pane = ownLivePane(caller, id, "registers a channel");
        leases.heard(pane.id()); // before the registration's pane event, which must already say push
        if (!pusher.register(new ChannelRegistration(pane.id(), port, secret, false, Timestamps.now(),
                socketFirst && socket, socket))) {
            throw ApiError.notFound("the pane " + Quote.of(pane.name()) + " was stopped; it takes no channel");
        }
        if (socketFirst) {
            LOG.info("pane {} ({}): its Claude Code was started without channels, so it drops the channel's "
                    + "notifications; messages go through Claude Code's messaging socket", pane.name(), pane.id());
        }
    }

    void unregisterChannel(Caller caller, String id, int port) {
        ownLivePane(caller, id, "unregisters a channel");
        pusher.unregister(id, port);
        if (store.channel(id).isEmpty()) {
            leases.forget(id);
        }
    }

    /** A health check with this caller's token: if it is a pane with a registration, its channel is alive. */
    void healthCheckedBy(Caller caller) {
        if (!caller.isOperator() && store.channel(caller.id()).isPresent()) {
            leases.heard(caller.id());
        }
    }

    /** Whether the pane has a channel registration (any port). */
    boolean hasChannel(String paneId) {
        return store.channel(paneId).isPresent();
    }

    /**
     * Checks that the caller is this pane and that its registration is the one on {@code port}, before the channel
     * holds its presence stream; a 409 {@code not_registered} tells the channel to register (again).
     */
    String presenceOf(Caller caller, String id, int port) {
        Pane pane = ownLivePane(caller, id, "holds its channel's presence");
        if (store.channel(pane.id()).filter(c -> c.port() == port).isEmpty()) {
            throw new ApiError(409, "not_registered", "the pane " + Quote.of(pane.name())
                    + " has no channel registered on port " + port + "; register it first");
        }
        return pane.id();
    }

    private Pane ownLivePane(Caller caller, String id, String what) {
        Pane pane = existing(id);
        if (caller.isOperator() || !caller.id().equals(id)) {
            throw ApiError.forbidden("only the pane itself " + what + ", with its own token");
        }
        return pane;
    }

    private Pane existing(String id) {
        return store.pane(id).orElseThrow(() -> ApiError.notFound("no pane has the id " + Quote.of(id)));
    }
}
