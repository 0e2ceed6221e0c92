package dev.mosaic.hub;

import dev.mosaic.model.AgentState;
import dev.mosaic.model.Delivery;
import dev.mosaic.model.PaneLead;
import dev.mosaic.model.PaneStatus;
import dev.mosaic.model.PaneView;
import dev.mosaic.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Pane events for what happens on the other hubs of the database (DESIGN §6), which tell this one nothing directly: a
 * hub gone silent (its panes go offline), a channel that went quiet, moved, or registered there, a pane joined,
 * stopped or changing state there. At each heartbeat it compares every pane as this hub shows it with the last beat,
 * and publishes a {@code pane} event for each one that changed. Unread counts are left out of the comparison: the
 * {@code message} and {@code delivery} events carry those changes.
 */
final class OtherHubsWatch implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(OtherHubsWatch.class);

    private final PaneViews views;
    private final HubEvents events;
    /** What each pane looked like at the last beat; null before the first. Touched by the heartbeat thread only. */
    private Map<String, Shown> last;

    /** The parts of a pane a change of which is worth an event. */
    private record Shown(String name, PaneStatus status, Delivery delivery, AgentState agentState,
                         Optional<PaneLead> lead) {
        static Shown of(PaneView v) {
            return new Shown(v.name(), v.status(), v.delivery(), v.agentState(), v.lead());
        }
    }

    OtherHubsWatch(PaneViews views, HubEvents events) {
        this.views = views;
        this.events = events;
    }

    /** One beat: a pane event for every pane that changed since the last. */
    @Override
    public void run() {
        Map<String, PaneView> now = new HashMap<>();
        try {
            for (PaneView v : views.all()) {
                now.put(v.id(), v);
            }
        } catch (StoreUnavailableException e) {
            LOG.warn("cannot read the panes to tell what other hubs changed: {}", e.getMessage());
            return;
        }
        Map<String, Shown> shown = new HashMap<>();
        now.forEach((id, v) -> shown.put(id, Shown.of(v)));
        if (last != null) {
            now.forEach((id, v) -> {
                if (!shown.get(id).equals(last.get(id))) {
                    events.pane(v);
                }
            });
        }
        last = shown;
    }
}
