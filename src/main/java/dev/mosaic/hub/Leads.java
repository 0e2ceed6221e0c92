package dev.mosaic.hub;

import dev.mosaic.model.Pane;
import dev.mosaic.model.Quote;
import dev.mosaic.store.Store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A pane's lead: another pane the operator named, which may answer (and list) this pane's approvals. Named at spawn
 * or join ({@code "lead"}) or with {@code PUT /api/v1/panes/{id}/lead {"lead": NAME | ID | null}}; kept as the lead's
 * id, so a later pane that takes the same name is not the lead.
 */
final class Leads {
    private final Store store;
    private final HubEvents events;

    Leads(Store store, HubEvents events) {
        this.store = store;
        this.events = events;
    }

    /** The live pane a spawn, join or PUT names as lead (by name or id); 404 when there is none. */
    Pane resolve(String nameOrId) {
        Optional<Pane> byName = store.livePanesNamed(nameOrId).stream().findFirst();
        return byName.or(() -> store.pane(nameOrId).filter(Pane::isLive)).orElseThrow(() ->
                ApiError.notFound("no live pane is named or has the id " + Quote.of(nameOrId) + " to be the lead"));
    }

    /** Names (or, with {@code "lead": null}, clears) the pane's lead; the operator's act. */
    Map<String, Object> set(Caller caller, String paneId, JsonBody body) {
        if (!caller.isOperator()) {
            throw ApiError.forbidden("only the operator names a pane's lead");
        }
        Pane pane = store.pane(paneId).orElseThrow(() -> ApiError.notFound("no pane has the id " + Quote.of(paneId)));
        // Absent or null clears it.
        Optional<Pane> lead = Optional.ofNullable(body.optionalString("lead")).map(this::resolve);
        name(pane, lead);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("pane_id", pane.id());
        answer.put("lead_id", lead.map(Pane::id).orElse(null));
        answer.put("lead_name", lead.map(Pane::name).orElse(null));
        return answer;
    }

    /** Records the lead of a pane just created or already there; a pane cannot lead itself. */
    void name(Pane pane, Optional<Pane> lead) {
        if (lead.filter(l -> l.id().equals(pane.id())).isPresent()) {
            throw ApiError.badRequest("a pane cannot be its own lead");
        }
        if (!store.setLead(pane.id(), lead.map(Pane::id))) {
            throw ApiError.notFound("the pane " + Quote.of(pane.name()) + " is " + pane.status().wire()
                    + ": it takes no lead");
        }
        events.pane(pane.id()); // pane JSON shows the lead
    }
}
