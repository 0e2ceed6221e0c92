package dev.mosaic.hub;

import dev.mosaic.testing.SqliteFile;
import dev.mosaic.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The hub indexes stored messages for search by itself, without waiting for a search to ask (SQLite, V120). */
class TextIndexerTest {
    @TempDir
    Path home;

    @Test
    void aMessageIsInTheSearchIndexSoonAfterItIsSentWithNoSearch() {
        try (TestHub hub = new TestHub(home)) {
            TestHub.Pane alice = hub.join("Alice");
            hub.join("Bob");
            SqliteFile file = new SqliteFile(home.resolve("mosaic.db"));
            hub.send(alice.token(), "Bob", "index me");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(file.count("messages_fts_docsize")).isEqualTo(1));
            assertThat(file.strings("SELECT seq FROM messages_fts_indexed"))
                    .containsExactlyElementsOf(file.strings("SELECT MAX(seq) FROM messages"));
        }
    }
}
