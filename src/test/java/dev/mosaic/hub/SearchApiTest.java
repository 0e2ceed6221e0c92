package dev.mosaic.hub;

import dev.mosaic.cli.Cli;
import dev.mosaic.testing.ApiClient;
import dev.mosaic.testing.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /api/v1/search and `mosaic search` (DESIGN.md §6): newest first, with thread ids; a pane sees its own; the
 * engine's syntax is plain words. On SQLite; {@link PostgresSearchApiTest} runs the same on PostgreSQL.
 */
class SearchApiTest {
    @TempDir
    Path home;
    TestHub hub;
    TestHub.Pane alice;
    TestHub.Pane bob;
    TestHub.Pane carol;

    /** The hub under test: on SQLite here, on PostgreSQL in {@link PostgresSearchApiTest}. */
    TestHub newHub(Path home) throws Exception {
        return new TestHub(home);
    }

    @BeforeEach
    void start() throws Exception {
        hub = newHub(home);
        alice = hub.join("Alice");
        bob = hub.join("Bob");
        carol = hub.join("Carol");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private ApiClient.Answer search(String token, String q) {
        return hub.api().get(token, "/api/v1/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
    }

    private static List<String> texts(ApiClient.Answer a) {
        List<String> out = new ArrayList<>();
        a.json().path("messages").forEach(m -> out.add(m.path("text").asString()));
        return out;
    }

    @Test
    void theOperatorFindsEveryMessageNewestFirstWithItsThreadAndAPaneOnlyItsOwn() {
        JsonNode first = hub.send(alice.token(), "Bob", "the release is tagged").get(0);
        hub.send(bob.token(), "Alice", "release notes please");
        hub.send(carol.token(), "Alice", "release party on Friday");

        ApiClient.Answer all = search(hub.op(), "release");
        assertThat(all.status()).isEqualTo(200);
        assertThat(texts(all)).containsExactly("release party on Friday", "release notes please",
                "the release is tagged");
        assertThat(all.json().path("messages").get(2).path("thread_id").asString())
                .isEqualTo(first.path("thread_id").asString());

        assertThat(texts(search(bob.token(), "release"))).as("Bob's own, sent and received")
                .containsExactly("release notes please", "the release is tagged");
        assertThat(texts(search(carol.token(), "tagged"))).as("not Carol's").isEmpty();
        assertThat(texts(hub.api().get(hub.op(), "/api/v1/search?q=release&limit=1"))).hasSize(1);
    }

    @Test
    void quotesAndOperatorsArePlainWordsAndAMissingQueryIsABadRequest() {
        hub.send(alice.token(), "Bob", "a \"quoted\" NEAR AND OR col:umn star* text");
        for (String q : List.of("\"quoted", "NEAR(", "AND OR", "col:umn", "star*", "-text", "\"", "*", "(", "''")) {
            ApiClient.Answer a = search(hub.op(), q);
            assertThat(a.status()).as(q).isEqualTo(200);
        }
        assertThat(texts(search(hub.op(), "\"quoted"))).hasSize(1);
        ApiClient.Answer missing = hub.api().get(hub.op(), "/api/v1/search");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.code()).isEqualTo("bad_request");
        assertThat(hub.api().get(hub.op(), "/api/v1/search?q=a&limit=0").status()).isEqualTo(400);
    }

    @Test
    void mosaicSearchPrintsTheMessagesWithTheirThreads() {
        JsonNode m = hub.send(alice.token(), "Bob", "deploy window at noon").get(0);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.build(Map.of("MOSAIC_HOME", home.toString()), new PrintWriter(out, true),
                new PrintWriter(err, true)).execute("search", "deploy", "\"noon");
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("deploy window at noon")
                .contains("thread " + m.path("thread_id").asString());
        StringWriter none = new StringWriter();
        Cli.build(Map.of("MOSAIC_HOME", home.toString()), new PrintWriter(none, true), new PrintWriter(err, true))
                .execute("search", "absent");
        assertThat(none.toString()).contains("No message holds those words.");
    }
}
