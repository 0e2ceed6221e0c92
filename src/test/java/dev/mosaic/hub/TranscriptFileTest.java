package dev.mosaic.hub;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading a transcript as it grows, on real files: where a read starts, and lines too long or not ended yet. */
class TranscriptFileTest {
    @TempDir
    Path dir;

    private static String user(String id) {
        return "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"<channel source=\\\"mosaic-channel\\\" "
                + "message_id=\\\"" + id + "\\\">\\nhi\\n</channel>\"}}\n";
    }

    private void append(Path f, String s) throws Exception {
        Files.writeString(f, s, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void aTranscriptFirstSeenIsReadFromItsLastWindowOnly() throws Exception {
        Path f = dir.resolve("s.jsonl");
        append(f, user("OLD1"));
        append(f, "{\"type\":\"progress\",\"pad\":\"" + "p".repeat((int) TranscriptFile.FIRST_WINDOW) + "\"}\n");
        append(f, user("RECENT1"));
        TranscriptFile t = new TranscriptFile(f);
        assertThat(t.read()).as("history before the window is not the hub's to scan").containsExactly("RECENT1");
        assertThat(t.read()).isEmpty();
        append(f, user("NEW1"));
        assertThat(t.read()).containsExactly("NEW1");
    }

    @Test
    void aLineOverTheLimitIsSkippedEvenWhileItIsStillBeingWritten() throws Exception {
        Path f = dir.resolve("s.jsonl");
        append(f, user("A1"));
        TranscriptFile t = new TranscriptFile(f);
        assertThat(t.read()).containsExactly("A1");
        String huge = user("HUGE1").replace("hi", "x".repeat(TranscriptFile.MAX_LINE));
        append(f, huge.substring(0, TranscriptFile.MAX_LINE + 10)); // not ended yet
        assertThat(t.read()).isEmpty();
        append(f, huge.substring(TranscriptFile.MAX_LINE + 10));
        append(f, user("B1"));
        assertThat(t.read()).as("the huge line is dropped, the next one read").containsExactly("B1");
    }

    /**
     * Lines of the transcripts Claude Code 2.1.330 wrote in the real e2e (e2e/claude-code/run.sh, 2026-12-02): every
     * line that names a message id, but two kinds too big to keep (api-request-shape, prompt_snapshot, which hold it
     * too). Bob took three pushed messages in; Carol one through the messaging socket (wrapped as "Another Claude
     * session sent a message:"); Dave's message reached his model only as read_inbox's tool_result.
     */
    @Test
    void claudeCodesOwnTranscriptsGiveTheMessagesTakenInAndNothingElse() throws Exception {
        assertThat(readResource("bob")).containsExactly("01M8V39CE2BSEBFTQBNE0HWGW1", "01M8V3A8QY8PZH9QT281GC0ZGT",
                "01M8V3BD0HVRMBR86Y7W66023K");
        assertThat(readResource("carol")).containsExactly("01M8V3EG7RWV5G419QKXFWEX2V");
        assertThat(readResource("dave")).isEmpty();
    }

    private java.util.List<String> readResource(String name) throws Exception {
        Path f = dir.resolve(name + ".jsonl");
        try (var in = getClass().getResourceAsStream("/claude-code/transcripts/" + name + ".jsonl")) {
            Files.write(f, in.readAllBytes());
        }
        return new TranscriptFile(f).read();
    }

    @Test
    void onlyTheLinesThatProveAMessageTakenInCount() {
        assertThat(TranscriptFile.idsIn(user("U1").strip())).containsExactly("U1");
        assertThat(TranscriptFile.idsIn("{\"type\":\"attachment\",\"attachment\":{\"type\":\"queued_command\","
                + "\"prompt\":\"<channel message_id=\\\"Q1\\\">x</channel>\"}}")).containsExactly("Q1");
        assertThat(TranscriptFile.idsIn("{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":"
                + "\"text\",\"text\":\"<channel message_id=\\\"T1\\\">x</channel>\"},{\"type\":\"tool_result\","
                + "\"content\":\"<channel message_id=\\\"R1\\\">x</channel>\"}]}}")).containsExactly("T1");
        assertThat(TranscriptFile.idsIn("{\"type\":\"queue-operation\",\"operation\":\"enqueue\",\"content\":"
                + "\"<channel message_id=\\\"E1\\\">x</channel>\"}")).isEmpty();
        assertThat(TranscriptFile.idsIn("{\"type\":\"user\",\"message\":{\"role\":\"assistant\",\"content\":"
                + "\"<channel message_id=\\\"A1\\\">x</channel>\"}}")).isEmpty();
        assertThat(TranscriptFile.idsIn("{\"type\":\"user\",\"message_id\":\"X1\"")).isEmpty();
        assertThat(TranscriptFile.idsIn("\"message_id\"")).isEmpty();
        assertThat(TranscriptFile.idsIn("[" .repeat(5000) + "\"message_id\"")).isEmpty();
    }
}
