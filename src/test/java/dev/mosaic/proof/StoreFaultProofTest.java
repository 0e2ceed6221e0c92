package dev.mosaic.proof;

import dev.mosaic.testing.ApiClient;
import dev.mosaic.testing.Shell;
import dev.mosaic.testing.SqliteFile;
import dev.mosaic.testing.TestHub;
import dev.mosaic.testing.TestHub.Pane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static dev.mosaic.testing.ApiClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RELIABILITY.md row 3: the store fails under the hub (locked by another connection, its files made read-only, its
 * disk full). A send must answer 503 store_unavailable with a sentence that names the cause, store nothing of
 * itself (a send to two panes neither), and work again once the fault is gone, without a restart.
 */
class StoreFaultProofTest {
    @TempDir
    Path home;

    private TestHub hub;
    private final List<Runnable> undo = new ArrayList<>();

    @AfterEach
    void clearFaults() {
        // Undo in reverse: the hub must let go of its files before a file system can be unmounted.
        if (hub != null) {
            hub.close();
        }
        undo.reversed().forEach(Runnable::run);
    }

    private ApiClient.Answer send(Pane from, String text) {
        return hub.api().post(from.token(), "/api/v1/messages",
                "{\"to\":[\"Bob\",\"Carol\"],\"text\":" + q(text) + "}");
    }

    /** The fault's answer: 503, the stable code, a sentence with the cause; and nothing of the send stored. */
    private void assertRefusedCleanly(SqliteFile db, Pane alice, String text, String cause) {
        long before = db.count("messages");
        ApiClient.Answer a = send(alice, text);
        System.out.println("FIGURE store fault (" + cause + "): " + a.status() + " " + a.code() + " \"" + a.error()
                + "\"");
        assertThat(a.status()).as("%s", a).isEqualTo(503);
        assertThat(a.code()).isEqualTo("store_unavailable");
        assertThat(a.error()).containsIgnoringCase(cause);
        assertThat(db.count("messages")).as("nothing half-written").isEqualTo(before);
        assertThat(db.messages()).noneMatch(r -> r.text().equals(text));
    }

    private void assertRecovered(SqliteFile db, Pane alice, String text) {
        long before = db.count("messages");
        ApiClient.Answer a = send(alice, text);
        long after = db.count("messages");
        if (a.status() != 201) {
            // A 503 says "nothing was changed": a client retries on it, so a stored copy would become a double.
            assertThat(after).as("stored although answered %s", a).isEqualTo(before);
        }
        assertThat(a.status()).as("after the fault: %s", a).isEqualTo(201);
        assertThat(after).isEqualTo(before + 2);
        assertThat(db.integrityCheck()).isEqualTo("ok");
    }

    @Test
    void aDatabaseLockedByAnotherConnectionAnswers503AndRecoversWhenReleased() throws Exception {
        hub = new TestHub(home);
        Pane alice = hub.join("Alice");
        hub.join("Bob");
        hub.join("Carol");
        SqliteFile db = new SqliteFile(home.resolve("mosaic.db"));
        try (Connection other = db.connect(); Statement s = other.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
            assertRefusedCleanly(db, alice, "while locked", "locked");
            s.execute("ROLLBACK");
        }
        assertRecovered(db, alice, "after the lock");
    }

    @Test
    void databaseFilesMadeReadOnlyAnswer503AndRecoverWhenWritableAgain() {
        hub = new TestHub(home);
        Pane alice = hub.join("Alice");
        hub.join("Bob");
        hub.join("Carol");
        SqliteFile db = new SqliteFile(home.resolve("mosaic.db"));
        // Root ignores file modes; the immutable attribute stops every write, even through descriptors already open.
        // Not on the -shm index: SQLite maps it into memory, and a write to an immutable mapping is a SIGBUS that
        // kills the JVM (seen here), which is no store fault a user meets.
        List<String> files = new ArrayList<>();
        for (String suffix : List.of("", "-wal")) {
            Path f = home.resolve("mosaic.db" + suffix);
            if (Files.exists(f)) {
                files.add(f.toString());
            }
        }
        String[] on = concat(new String[] {"chattr", "+i"}, files);
        Shell.Result r = Shell.run(on);
        Assumptions.assumeTrue(r.ok(), "chattr +i is not possible here: " + r.output());
        undo.add(() -> Shell.run(concat(new String[] {"chattr", "-i"}, files)));

        assertRefusedCleanly(db, alice, "while read-only", "the database");
        Shell.run(concat(new String[] {"chattr", "-i"}, files));
        assertRecovered(db, alice, "after read-only");
    }

    @Test
    void aFullDiskAnswers503AndRecoversWhenSpaceIsFreed() throws Exception {
        Path disk = Files.createDirectories(home.resolve("small-disk"));
        Shell.Result mounted = Shell.run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", disk.toString());
        Assumptions.assumeTrue(mounted.ok(), "this machine forbids mounting a small tmpfs: " + mounted.output());
        undo.add(() -> Shell.run("umount", "-l", disk.toString()));
        Path dbFile = disk.resolve("mosaic.db");
        hub = new TestHub(home, c -> c.withDatabase("jdbc:sqlite:" + dbFile));
        Pane alice = hub.join("Alice");
        hub.join("Bob");
        hub.join("Carol");
        SqliteFile db = new SqliteFile(dbFile);

        Path filler = disk.resolve("filler");
        fillUp(filler);
        // A message of 60 KB needs new pages in the write-ahead log: there is no room left for them.
        String big = "x".repeat(60 * 1024);
        assertRefusedCleanly(db, alice, "full " + big, "full");
        Files.delete(filler);
        assertRecovered(db, alice, "room again " + big);
    }

    private static void fillUp(Path filler) {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            // No space left on device: the disk is full, as intended.
        }
    }

    private static String[] concat(String[] a, List<String> b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(b);
        return all.toArray(String[]::new);
    }
}
