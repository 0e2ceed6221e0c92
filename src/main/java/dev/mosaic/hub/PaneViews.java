package dev.mosaic.hub;

import dev.mosaic.model.AgentState;
import dev.mosaic.model.Delivery;
import dev.mosaic.model.Pane;
import dev.mosaic.model.PaneLead;
import dev.mosaic.model.PaneStatus;
import dev.mosaic.model.PaneView;
import dev.mosaic.store.AgentSession;
import dev.mosaic.store.ChannelRegistration;
import dev.mosaic.store.Store;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Panes as the API shows them, with delivery and unread counts. Built from the store (registrations and their down
 * flag live there), so events, listings and the pusher never disagree, and from the channels' leases.
 */
final class PaneViews {
    private final Store store;
    private final ChannelLeases leases;
    private final Clock clock;

    PaneViews(Store store, ChannelLeases leases) {
        this(store, leases, Clock.systemUTC());
    }

    PaneViews(Store store, ChannelLeases leases, Clock clock) {
        this.store = store;
        this.leases = leases;
        this.clock = clock;
    }

    List<PaneView> all() {
        Map<String, Long> unread = store.unreadCounts();
        Map<String, ChannelRegistration> channels = store.channels().stream()
                .collect(Collectors.toMap(ChannelRegistration::paneId, Function.identity()));
        Map<String, AgentState> agents = store.agentStates();
        Map<String, String> leads = store.leads();
        List<Pane> panes = store.panes();
        Map<String, String> names = panes.stream().collect(Collectors.toMap(Pane::id, Pane::name));
        OtherHubs others = otherHubs();
        return panes.stream()
                .map(p -> view(p, channels.get(p.id()), agents.getOrDefault(p.id(), AgentState.UNKNOWN),
                        unread.getOrDefault(p.id(), 0L), Optional.ofNullable(leads.get(p.id()))
                                .map(l -> new PaneLead(l, names.getOrDefault(l, l))), others))
                .toList();
    }

    /**
     * What the other hubs on the database say (DESIGN §6): panes whose hub went silent are offline; a channel
     * registered with another hub has its lease there, so its registration says push unless that hub wrote that it
     * went quiet.
     */
    private record OtherHubs(Set<String> silentPanes, Set<String> remoteChannels, Set<String> quietChannels) {
        boolean heardRemotely(String paneId) {
            return remoteChannels.contains(paneId) && !quietChannels.contains(paneId);
        }
    }

    private OtherHubs otherHubs() {
        return new OtherHubs(store.panesOfSilentHubs(HubHeartbeat.silentSince(clock)),
                store.panesWithRemoteChannels(), store.quietChannels());
    }

    /**
     * Whether a listing shows this pane without {@code all}: a stopped pane, or an exited one with nothing left to
     * read, only piles up (every session started by name makes a new pane).
     */
    static boolean shownByDefault(PaneView p) {
        return p.status() == PaneStatus.LIVE || p.status() == PaneStatus.EXITED && p.unread() > 0;
    }

    Optional<PaneView> of(String id) {
        return store.pane(id).map(p -> view(p, store.channel(id).orElse(null),
                store.agentSession(id).map(AgentSession::state).orElse(AgentState.UNKNOWN),
                store.unreadCounts().getOrDefault(id, 0L),
                store.leadOf(id).map(l -> new PaneLead(l, store.pane(l).map(Pane::name).orElse(l))), otherHubs()));
    }

    private PaneView view(Pane p, ChannelRegistration channel, AgentState agent, long unread,
                          Optional<PaneLead> lead, OtherHubs others) {
        // A registration whose channel went quiet (killed while nobody sent to it) is no promise of push any more.
        Delivery delivery = !p.isLive() || others.silentPanes().contains(p.id()) ? Delivery.OFFLINE
                : channel != null && !channel.down()
                        && (others.remoteChannels().contains(p.id()) ? others.heardRemotely(p.id())
                                : leases.fresh(p.id())) ? Delivery.PUSH
                : Delivery.POLL;
        // A pane that is not live has no agent to report on, whatever its last hook said.
        AgentState agentState = p.isLive() ? agent : AgentState.UNKNOWN;
        return new PaneView(p.id(), p.name(), p.kind(), p.status(), delivery, agentState, unread, p.createdAt(),
                lead, p.process());
    }
}
