package dev.mosaic.cli;

import dev.mosaic.testing.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
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
}
