package dev.mosaic.hub;

import dev.mosaic.delivery.Pusher;
import dev.mosaic.model.Names;
import dev.mosaic.model.Pane;
import dev.mosaic.model.PaneKind;
import dev.mosaic.model.PaneStatus;
import dev.mosaic.model.PaneView;
import dev.mosaic.model.Quote;
import dev.mosaic.model.Timestamps;
import dev.mosaic.store.ChannelRegistration;
import dev.mosaic.store.NameTakenException;
import dev.mosaic.store.NewPane;
import dev.mosaic.store.Store;

import java.util.List;
import java.util.UUID;

/** Panes: joining, listing, stopping, and their channel registrations. */
final class Panes {
    /** The one answer that shows a pane's token. */
    record Joined(String id, String name, PaneStatus status, String token) {
    }

    private final Store store;
    private final Tokens tokens;
    private final Pusher pusher;
    private final PaneViews views;
    private final HubEvents events;

    Panes(Store store, Tokens tokens, Pusher pusher, PaneViews views, HubEvents events) {
        this.store = store;
        this.tokens = tokens;
        this.pusher = pusher;
        this.views = views;
        this.events = events;
    }

    Joined join(String name) {
        String problem = Names.problem(name);
        if (problem != null) {
            throw ApiError.invalidName(problem);
        }
        if (name.equalsIgnoreCase(Pane.OPERATOR)) {
            throw ApiError.nameTaken("'operator' is reserved for the human at the workstation");
        }
        String token = tokens.newToken();
        Pane pane;
        try {
            pane = store.createPane(new NewPane(UUID.randomUUID().toString(), name, PaneKind.JOINED,
                    Tokens.hash(token), Timestamps.now()));
        } catch (NameTakenException e) {
            throw ApiError.nameTaken("a live pane is already named " + Quote.of(name)
                    + " (names are compared ignoring case); pick another name or stop that pane");
        }
        events.pane(pane.id());
        return new Joined(pane.id(), pane.name(), pane.status(), token);
    }

    List<PaneView> list() {
        return views.all();
    }

    PaneView get(Caller caller, String id) {
        existing(id);
        if (!caller.actsFor(id)) {
            throw ApiError.forbidden("a pane token shows only its own pane; list all with GET /api/v1/panes");
        }
        return views.of(id).orElseThrow();
    }

    void stop(Caller caller, String id) {
        existing(id);
        if (!caller.actsFor(id)) {
            throw ApiError.forbidden("a pane token stops only its own pane");
        }
        if (store.stopPane(id)) {
            pusher.paneStopped(id);
            events.pane(id);
        }
    }

    void registerChannel(Caller caller, String id, int port, String secret) {
        Pane pane = ownLivePane(caller, id, "registers a channel");
        if (!pusher.register(new ChannelRegistration(pane.id(), port, secret, false, Timestamps.now()))) {
            throw ApiError.notFound("the pane " + Quote.of(pane.name()) + " was stopped; it takes no channel");
        }
    }

    void unregisterChannel(Caller caller, String id, int port) {
        ownLivePane(caller, id, "unregisters a channel");
        pusher.unregister(id, port);
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
