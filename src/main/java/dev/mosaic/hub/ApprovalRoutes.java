package dev.mosaic.hub;

import dev.mosaic.model.Pane;
import dev.mosaic.store.ApprovalRecorded;
import dev.mosaic.store.Store;
import io.javalin.config.RoutesConfig;

import java.util.Map;
import java.util.Optional;

/**
 * The routes of approvals and the permission relay (DESIGN.md §10), apart from {@link HttpApi}'s: listing, the
 * channel's relayed requests, answers, and naming a pane's lead.
 */
final class ApprovalRoutes {
    private final Approvals approvals;
    private final PermissionRequests requests;
    private final ApprovalAnswers answers;
    private final Leads leads;
    private final Store store;

    ApprovalRoutes(Approvals approvals, PermissionRequests requests, ApprovalAnswers answers, Leads leads,
                   Store store) {
        this.approvals = approvals;
        this.requests = requests;
        this.answers = answers;
        this.leads = leads;
        this.store = store;
    }

    void install(RoutesConfig r) {
        r.get("/api/v1/approvals", ctx -> HttpApi.json(ctx, 200, Map.of("approvals",
                approvals.list(HttpApi.caller(ctx), Optional.ofNullable(ctx.queryParam("status"))))));
        r.post("/api/v1/approvals/{id}", ctx -> HttpApi.json(ctx, 200,
                answers.answer(HttpApi.caller(ctx), ctx.pathParam("id"), JsonBody.read(ctx))));
        r.post("/api/v1/panes/{id}/approvals", ctx -> {
            ApprovalRecorded recorded = requests.relayed(HttpApi.caller(ctx), ctx.pathParam("id"),
                    JsonBody.read(ctx));
            HttpApi.json(ctx, recorded.changed() ? 201 : 200, recorded.approval());
        });
        r.put("/api/v1/panes/{id}/lead", ctx -> HttpApi.json(ctx, 200,
                leads.set(HttpApi.caller(ctx), ctx.pathParam("id"), JsonBody.read(ctx))));
    }

    /** The lead a spawn or join names ({@code "lead"}), checked before the pane is made. */
    Optional<Pane> leadIn(JsonBody body) {
        return Optional.ofNullable(body.optionalString("lead")).map(leads::resolve);
    }

    /** Records the lead of a pane just made. */
    void nameLead(String paneId, Optional<Pane> lead) {
        if (lead.isPresent()) {
            leads.name(store.pane(paneId).orElseThrow(), lead);
        }
    }
}
