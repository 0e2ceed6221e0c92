package dev.mosaic.cli;

import dev.mosaic.client.HubAddress;
import dev.mosaic.client.HubClient;
import dev.mosaic.testing.HubProcess;
import dev.mosaic.testing.Ports;
import dev.mosaic.testing.PostgresServer;
import dev.mosaic.testing.SharedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** `mosaic up --db jdbc:postgresql://…`: it serves, and a wrong URL, password or a server that is down says so. */
@ExtendWith(SharedPostgres.class)
class PostgresUpTest {
    @TempDir
    Path home;

    private final PostgresServer server;

    PostgresUpTest(PostgresServer server) {
        this.server = server;
    }


    private CliRun up(String... args) {
        return CliRun.of(Map.of("MOSAIC_HOME", home.toString()), args);
    }

    @Test
    void aWrongPasswordStopsTheStartNamingWhatFailedAndNeverShowsThePassword() {
        String url = server.url(server.newDatabase()) + "&password=not-the-secret-4711";
        CliRun r = up("up", "--port", "0", "--db", url);
        assertThat(r.exit()).isEqualTo(Cli.FAILED);
        assertThat(r.err()).contains("the hub could not start").contains("127.0.0.1:" + server.port())
                .contains("refused the user or password").doesNotContain("not-the-secret-4711");
        assertThat(r.err().split("password authentication failed", -1)).as("the cause once, not twice").hasSize(2);
    }

    @Test
    void aDatabaseThatIsDownAtStartSaysItCannotBeReached() {
        CliRun r = up("up", "--port", "0", "--db", "jdbc:postgresql://127.0.0.1:" + Ports.free() + "/mosaic?user=x");
        assertThat(r.exit()).isEqualTo(Cli.FAILED);
        assertThat(r.err()).contains("cannot connect to the PostgreSQL database at 127.0.0.1:")
                .contains("cannot be reached");
    }

    @Test
    void aUrlOfNoDatabaseMosaicRunsOnIsAUsageError() {
        CliRun r = up("up", "--port", "0", "--db", "jdbc:mysql://127.0.0.1/mosaic?password=hidden-one");
        assertThat(r.exit()).isEqualTo(Cli.USAGE);
        assertThat(r.err()).contains("unsupported database URL").doesNotContain("hidden-one");
    }

    @Test
    void aPasswordFileThatCannotBeReadIsAUsageError() {
        CliRun r = up("up", "--port", "0", "--db", server.url("postgres"), "--db-password-file",
                home.resolve("missing").toString());
        assertThat(r.exit()).isEqualTo(Cli.USAGE);
        assertThat(r.err()).contains("cannot read the database password file");
    }

    /** The password in the URL and in a file: the hub serves on PostgreSQL, and neither reaches the log. */
    @Test
    void aHubProcessServesOnPostgresAndItsLogNeverHoldsThePassword() throws Exception {
        Path file = home.resolve("pgpass");
        Files.writeString(file, PostgresServer.PASSWORD + "\n");
        Path log = home.resolve("up.log");
        try (HubProcess hub = new HubProcess(home, Ports.free(), log, "--db", server.url(server.newDatabase()),
                "--db-password-file", file.toString()).start()) {
            HubClient operator = new HubClient(HubAddress.operator(home));
            operator.join("Bob");
            operator.send(List.of("Bob"), "stored in PostgreSQL", null, null, null);
            assertThat(operator.panes().path("panes").get(0).path("unread").asLong()).isEqualTo(1);
            hub.stop();
            assertThat(hub.logText()).contains("store: PostgreSQL at 127.0.0.1:" + server.port())
                    .doesNotContain(PostgresServer.PASSWORD);
        }
        Path log2 = home.resolve("up2.log");
        try (HubProcess hub = new HubProcess(home, Ports.free(), log2, "--db", server.url(server.newDatabase())
                + "&password=" + PostgresServer.PASSWORD).start()) {
            hub.stop();
            assertThat(hub.logText()).contains("listening on").doesNotContain(PostgresServer.PASSWORD);
        }
    }
}
