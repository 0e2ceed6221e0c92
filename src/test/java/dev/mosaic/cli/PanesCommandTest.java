package dev.mosaic.cli;

import dev.mosaic.testing.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** `mosaic panes`: live panes by default, stopped ones with --all. */
class PanesCommandTest {
    @TempDir
    Path home;

    TestHub hub;
    Map<String, String> operatorEnv;

    @BeforeEach
    void start() {
        hub = new TestHub(home);
        operatorEnv = Map.of("MOSAIC_HOME", home.toString());
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private String panes(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] argv = new String[args.length + 1];
        argv[0] = "panes";
        System.arraycopy(args, 0, argv, 1, args.length);
        int exit = Cli.build(operatorEnv, new PrintWriter(out, true), new PrintWriter(err, true)).execute(argv);
        assertThat(exit).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void aStoppedPaneShowsOnlyWithAll() {
        hub.join("Alice");
        TestHub.Pane old = hub.join("Tester");
        assertThat(hub.api().delete(hub.op(), "/api/v1/panes/" + old.id(), "").status()).isEqualTo(204);

        assertThat(panes()).contains("Alice").doesNotContain("Tester");
        assertThat(panes("--all")).contains("Alice").contains("Tester").contains("stopped");
        assertThat(panes("--all", "--json")).contains("\"stopped\"");
    }

    /** The row of the pane with this name, split into its columns. */
    private static List<String> row(String table, String name) {
        return table.lines().filter(l -> l.startsWith(name + " ")).findFirst()
                .map(l -> List.of(l.trim().split(" {2,}"))).orElseThrow(() -> new AssertionError(table));
    }

    @Test
    void eachPaneShowsItsAgentStateAndItsLead() {
        TestHub.Pane alice = hub.join("Alice");
        TestHub.Pane bob = hub.join("Bob");
        String header = panes().lines().findFirst().orElseThrow();
        assertThat(List.of(header.trim().split(" {2,}")))
                .containsExactly("NAME", "STATUS", "DELIVERY", "AGENT", "LEAD", "UNREAD", "ID");
        assertThat(row(panes(), "Alice")).containsExactly("Alice", "live", "poll", "unknown", "-", "0", alice.id());

        // Claude Code's hooks report a turn; the operator names Bob as Alice's lead.
        assertThat(hub.api().post(alice.token(), "/api/v1/panes/" + alice.id() + "/agent-events",
                "{\"session_id\":\"s-1\",\"hook_event_name\":\"UserPromptSubmit\",\"prompt\":\"go\"}").status())
                .isEqualTo(200);
        assertThat(hub.api().put(hub.op(), "/api/v1/panes/" + alice.id() + "/lead", "{\"lead\":\"Bob\"}").status())
                .isEqualTo(200);
        assertThat(row(panes(), "Alice")).containsExactly("Alice", "live", "poll", "working", "Bob", "0", alice.id());
        assertThat(row(panes(), "Bob")).containsExactly("Bob", "live", "poll", "unknown", "-", "0", bob.id());

        // The state changes with the next hook; a cleared lead shows as "-" again.
        hub.api().post(alice.token(), "/api/v1/panes/" + alice.id() + "/agent-events",
                "{\"session_id\":\"s-1\",\"hook_event_name\":\"PermissionRequest\",\"tool_name\":\"Bash\","
                        + "\"tool_input\":{\"command\":\"ls\"}}");
        assertThat(row(panes(), "Alice").get(3)).isEqualTo("needs_approval");
        hub.api().put(hub.op(), "/api/v1/panes/" + alice.id() + "/lead", "{\"lead\":null}");
        assertThat(row(panes(), "Alice").get(4)).isEqualTo("-");
    }
}
