package dev.mosaic.hub;

import dev.mosaic.model.AgentState;
import dev.mosaic.model.Delivery;
import dev.mosaic.model.PaneKind;
import dev.mosaic.model.PaneStatus;
import dev.mosaic.model.PaneView;
import dev.mosaic.testing.ApiClient.Answer;
import dev.mosaic.testing.TestHub;
import dev.mosaic.testing.TestHub.Pane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** `GET /api/v1/panes`: stopped panes do not pile up in the listing; `?all=true` shows them. */
class PaneListingTest {
    @TempDir
    Path home;

    TestHub hub;

    @BeforeEach
    void start() {
        hub = new TestHub(home);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private List<String> listed(String query) {
        Answer a = hub.api().get(hub.op(), "/api/v1/panes" + query);
        assertThat(a.status()).as("%s", a).isEqualTo(200);
        return a.json().path("panes").valueStream()
                .map(p -> p.path("name").asString() + ":" + p.path("status").asString()).toList();
    }

    @Test
    void stoppedPanesAreListedOnlyWhenAllIsAskedFor() {
        hub.join("Alice");
        for (int i = 0; i < 3; i++) {
            Pane tester = hub.join("Tester");
            hub.send(hub.op(), tester.id(), "left unread");
            assertThat(hub.api().delete(hub.op(), "/api/v1/panes/" + tester.id(), "").status()).isEqualTo(204);
        }
        Pane current = hub.join("Tester");

        assertThat(listed("")).containsExactly("Alice:live", "Tester:live");
        assertThat(listed("?all=false")).containsExactly("Alice:live", "Tester:live");
        assertThat(listed("?all=true")).containsExactly("Alice:live", "Tester:stopped", "Tester:stopped",
                "Tester:stopped", "Tester:live");
        // A pane token sees the same listing.
        JsonNode asPane = hub.api().get(current.token(), "/api/v1/panes").json().path("panes");
        assertThat(asPane).hasSize(2);
        Answer bad = hub.api().get(hub.op(), "/api/v1/panes?all=maybe");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("code").asString()).isEqualTo("bad_request");
    }

    @Test
    void anExitedPaneIsListedWhileItHasUnreadMessages() {
        assertThat(PaneViews.shownByDefault(view(PaneStatus.EXITED, 2))).isTrue();
        assertThat(PaneViews.shownByDefault(view(PaneStatus.EXITED, 0))).isFalse();
        assertThat(PaneViews.shownByDefault(view(PaneStatus.LIVE, 0))).isTrue();
        assertThat(PaneViews.shownByDefault(view(PaneStatus.STOPPED, 5))).isFalse();
    }

    private static PaneView view(PaneStatus status, long unread) {
        return new PaneView("P1", "Worker", PaneKind.SPAWNED, status,
                status == PaneStatus.LIVE ? Delivery.POLL : Delivery.OFFLINE, AgentState.UNKNOWN, unread, "2026-12-02T00:00:00.000Z",
                java.util.Optional.empty(), java.util.Optional.empty());
    }
}
