package dev.mosaic.hub;

import dev.mosaic.testing.ApiClient;
import dev.mosaic.testing.ApiClient.Answer;
import dev.mosaic.testing.TerminalView;
import dev.mosaic.testing.TestHub;
import dev.mosaic.testing.TestHub.Spawned;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.mosaic.client.HubAddress;
import dev.mosaic.client.HubClient;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.mosaic.testing.ApiClient.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Spawned panes through the HTTP API (DESIGN.md §8): real processes in real pseudo-terminals. */
class SpawnedPaneTest {
    static final Duration PATIENCE = TerminalView.PATIENCE;

    @TempDir
    Path home;
    @TempDir
    Path work;

    TestHub hub;
    ApiClient api;

    @BeforeEach
    void start() {
        hub = new TestHub(home, c -> c.withStopGrace(Duration.ofSeconds(2)));
        api = hub.api();
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private String output(String id) {
        return new String(api.getBytes(hub.op(), "/api/v1/panes/" + id + "/output").body(), StandardCharsets.UTF_8);
    }

    private void awaitOutput(String id, String text) {
        await().atMost(PATIENCE).alias("output of " + id + " containing " + text)
                .until(() -> output(id).contains(text));
    }

    @Test
    void aSpawnAnswersWithThePaneAndTheProcessSeesItsIdentityAndEnvironment() throws Exception {
        Answer a = api.post(hub.op(), "/api/v1/panes", "{\"name\":\"Worker\",\"cwd\":" + q(work.toString())
                + ",\"env\":{\"FOO\":\"bar baz\"},\"cols\":90,\"rows\":20,\"command\":[\"sh\",\"-c\","
                + q("echo \"id=$MOSAIC_PANE_ID name=$MOSAIC_NAME term=$TERM foo=$FOO url=$MOSAIC_URL"
                + " tokenlen=${#MOSAIC_TOKEN} pwd=$(pwd)\"; sleep 100") + "]}");
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        String id = a.json().path("id").asString();
        assertThat(a.json().path("status").asString()).isEqualTo("live");
        assertThat(a.json().path("kind").asString()).isEqualTo("spawned");
        assertThat(a.json().path("pid").asLong()).isPositive();
        assertThat(a.json().path("token").asString()).hasSizeGreaterThanOrEqualTo(43);

        awaitOutput(id, "tokenlen=43");
        assertThat(output(id)).contains("id=" + id + " name=Worker term=xterm-256color foo=bar baz url=" + hub.url())
                .contains("pwd=" + work.toRealPath());

        JsonNode pane = hub.pane(id);
        assertThat(pane.path("pid").asLong()).isEqualTo(a.json().path("pid").asLong());
        assertThat(pane.path("cwd").asString()).isEqualTo(work.toString());
        assertThat(pane.path("cols").asInt()).isEqualTo(90);
        assertThat(pane.path("rows").asInt()).isEqualTo(20);
        assertThat(pane.has("exit_code")).isFalse();
        assertThat(pane.has("token")).isFalse();
    }

    @Test
    void keystrokesThroughTheWebSocketComeBackFromCat() {
        Spawned cat = hub.spawn("Cat", "cat");
        try (TerminalView view = new TerminalView(hub.url(), hub.op(), cat.id())) {
            view.type("hello mosaic\n");
            view.awaitText("hello mosaic\r\nhello mosaic");
        }
    }

    @Test
    void anExitIsRecordedWithItsCodeAnnouncedAsAPaneEventAndShownToViewers() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        HubClient client = new HubClient(new HubAddress(hub.url(), hub.op(), null));
        var stream = client.events();
        Thread.ofVirtual().start(() -> stream.body().forEach(events::add));
        Spawned p = hub.spawn("Quitter", "sh", "-c", "read line; exit 7");
        try (TerminalView view = new TerminalView(hub.url(), hub.op(), p.id())) {
            view.type("go\n");
            await().atMost(PATIENCE).until(() -> view.exitCode().isPresent());
            assertThat(view.exitCode().getAsInt()).isEqualTo(7);
        }
        await().atMost(PATIENCE).until(() -> hub.pane(p.id()).path("status").asString().equals("exited"));
        JsonNode pane = hub.pane(p.id());
        assertThat(pane.path("exit_code").asInt()).isEqualTo(7);
        assertThat(pane.path("delivery").asString()).isEqualTo("offline");
        await().atMost(PATIENCE).until(() -> events.stream().anyMatch(l -> l.contains("\"exit_code\":7")));
        stream.body().close();
    }

    @Test
    void deathBySignalNIsExitCode128PlusN() {
        Spawned p = hub.spawn("Killed", "sh", "-c", "kill -KILL $$");
        await().atMost(PATIENCE).until(() -> hub.pane(p.id()).path("exit_code").asInt(-1) == 137);
        assertThat(hub.pane(p.id()).path("status").asString()).isEqualTo("exited");
    }

    @Test
    void theSizeIsTheSpawnsAndAResizeIsSeenByStty() {
        Answer a = api.post(hub.op(), "/api/v1/panes", "{\"name\":\"Sized\",\"cols\":100,\"rows\":30,"
                + "\"command\":[\"sh\"]}");
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        String id = a.json().path("id").asString();
        try (TerminalView view = new TerminalView(hub.url(), hub.op(), id)) {
            view.type("stty size\n");
            view.awaitText("30 100");
            view.connection().resize(132, 43);
            await().atMost(PATIENCE).until(() -> hub.pane(id).path("cols").asInt() == 132);
            view.type("stty size\n");
            view.awaitText("43 132");
            assertThat(hub.pane(id).path("rows").asInt()).isEqualTo(43);
        }
    }

    @Test
    void twoViewersSeeTheSameOutputAndBothCanType() {
        Spawned cat = hub.spawn("Shared", "cat");
        try (TerminalView a = new TerminalView(hub.url(), hub.op(), cat.id());
             TerminalView b = new TerminalView(hub.url(), hub.op(), cat.id())) {
            a.type("from-a\n");
            a.awaitText("from-a\r\nfrom-a");
            b.awaitText("from-a\r\nfrom-a");
            b.type("from-b\n");
            a.awaitText("from-b\r\nfrom-b");
            b.awaitText("from-b\r\nfrom-b");
        }
    }

    @Test
    void aNewViewerGetsTheScrollbackFirst() {
        Spawned p = hub.spawn("Early", "sh", "-c", "echo before-anyone-watched; cat");
        awaitOutput(p.id(), "before-anyone-watched");
        try (TerminalView late = new TerminalView(hub.url(), hub.op(), p.id())) {
            late.awaitText("before-anyone-watched");
            late.type("after\n");
            late.awaitText("after\r\nafter");
        }
    }

    @Test
    void aThirtyKilobytePasteDoesNotHangTheSocket() {
        // Echo off: the terminal's echo of the paste and cat's copy of it would interleave mid-line (cat is still
        // writing early lines while the last ones are echoed), so only cat's copy comes back, whole lines each.
        Spawned cat = hub.spawn("Paste", "sh", "-c", "stty -echo; echo echo-off; exec cat");
        StringBuilder paste = new StringBuilder();
        for (int i = 0; paste.length() < 30_000; i++) {
            paste.append("line ").append(i).append(" ").append("x".repeat(60)).append('\n');
        }
        paste.append("END-OF-PASTE\n");
        try (TerminalView view = new TerminalView(hub.url(), hub.op(), cat.id())) {
            view.awaitText("echo-off");
            long t0 = System.nanoTime();
            view.type(paste.toString());
            view.type("typed-after\n");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            view.awaitText("END-OF-PASTE\r\ntyped-after\r\n");
            assertThat(view.text()).as("every pasted line came back once, in order")
                    .contains(paste.toString().replace("\n", "\r\n"));
        }
    }

    @Test
    void outputIsRawBytesTheOperatorMayTail() {
        Spawned p = hub.spawn("Tail", "sh", "-c", "printf 'abcdefghij'; sleep 100");
        awaitOutput(p.id(), "abcdefghij");
        HttpResponse<byte[]> tail = api.getBytes(hub.op(), "/api/v1/panes/" + p.id() + "/output?tail_bytes=4");
        assertThat(tail.statusCode()).isEqualTo(200);
        assertThat(tail.headers().firstValue("Content-Type").orElse("")).startsWith("application/octet-stream");
        assertThat(new String(tail.body(), StandardCharsets.UTF_8)).isEqualTo("ghij");
        assertThat(api.getBytes(p.token(), "/api/v1/panes/" + p.id() + "/output").statusCode()).isEqualTo(403);
        assertThat(api.get(hub.op(), "/api/v1/panes/" + p.id() + "/output?tail_bytes=-1").code())
                .isEqualTo("bad_request");
        assertThat(api.get(hub.op(), "/api/v1/panes/nope/output").status()).isEqualTo(404);
    }

    @Test
    void aStopEndsTheProcessGroupGracefullyAndThePaneIsStopped() {
        Spawned p = hub.spawn("Sleeper", "sh", "-c", "sleep 1000 & echo child=$!; wait");
        long child = childPid(p.id());
        long t0 = System.nanoTime();
        assertThat(api.delete(hub.op(), "/api/v1/panes/" + p.id(), null).status()).isEqualTo(204);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("no wait for SIGKILL").isLessThan(Duration.ofSeconds(2));
        assertThat(alive(p.pid())).isFalse();
        assertThat(alive(child)).isFalse();
        assertThat(hub.pane(p.id()).path("status").asString()).isEqualTo("stopped");
        assertThat(api.get(p.token(), "/api/v1/panes/" + p.id()).status()).as("token revoked").isEqualTo(401);
    }

    @Test
    void aStopKillsAGroupThatIgnoresSigtermAfterTheGrace() {
        Spawned p = hub.spawn("Stubborn", "sh", "-c", "trap '' TERM; echo ready; while :; do sleep 1; done");
        awaitOutput(p.id(), "ready");
        long t0 = System.nanoTime();
        assertThat(api.delete(hub.op(), "/api/v1/panes/" + p.id(), null).status()).isEqualTo(204);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("the 2 s grace ran out")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(alive(p.pid())).isFalse();
        assertThat(hub.pane(p.id()).path("status").asString()).isEqualTo("stopped");
    }

    @Test
    void noProcessOutlivesTheHubNotABackgroundChildNorOneThatIgnoresSigterm() {
        Spawned parent = hub.spawn("Parent", "sh", "-c", "sleep 1000 & echo child=$!; wait");
        Spawned stubborn = hub.spawn("Stubborn", "sh", "-c",
                "trap '' TERM HUP; echo ready; while :; do sleep 1; done");
        long child = childPid(parent.id());
        awaitOutput(stubborn.id(), "ready");
        assertThat(alive(child)).isTrue();
        hub.close();
        assertThat(alive(parent.pid())).isFalse();
        assertThat(alive(child)).isFalse();
        assertThat(alive(stubborn.pid())).isFalse();
        hub.start();
        assertThat(hub.pane(parent.id()).path("status").asString()).isEqualTo("exited");
        assertThat(hub.pane(stubborn.id()).path("status").asString()).isEqualTo("exited");
        assertThat(hub.pane(stubborn.id()).path("exit_code").asInt()).isEqualTo(137);
    }

    @Test
    void refusedSpawnsSayWhyAndStoreNothing() {
        int before = panes();
        Answer noSuch = spawn("{\"name\":\"X\",\"command\":[\"no-such-command-mosaic\"]}");
        assertThat(noSuch.status()).isEqualTo(400);
        assertThat(noSuch.code()).isEqualTo("bad_command");
        assertThat(noSuch.error()).contains("no-such-command-mosaic");
        Answer notExecutable = spawn("{\"name\":\"X\",\"command\":[" + q(home.toString()) + "]}");
        assertThat(notExecutable.code()).isEqualTo("bad_command");
        Answer badCwd = spawn("{\"name\":\"X\",\"cwd\":\"/no/such/dir\",\"command\":[\"sh\"]}");
        assertThat(badCwd.status()).isEqualTo(400);
        assertThat(badCwd.code()).isEqualTo("bad_cwd");
        for (String size : List.of("\"cols\":9", "\"cols\":1001", "\"rows\":4", "\"rows\":501",
                "\"cols\":-5", "\"rows\":99999999999", "\"cols\":\"wide\"")) {
            Answer absurd = spawn("{\"name\":\"X\"," + size + ",\"command\":[\"sh\"]}");
            assertThat(absurd.status()).as(size).isEqualTo(400);
            assertThat(absurd.code()).as(size).isEqualTo("bad_request");
            assertThat(absurd.error()).as(size).containsAnyOf("from 10 to 1000", "from 5 to 500");
        }
        assertThat(spawn("{\"name\":\"X\",\"command\":[]}").code()).isEqualTo("bad_request");
        assertThat(spawn("{\"name\":\"X\",\"command\":\"sh\"}").code()).isEqualTo("bad_request");
        assertThat(spawn("{\"name\":\"X\",\"env\":{\"MOSAIC_TOKEN\":\"x\"},\"command\":[\"sh\"]}").code())
                .isEqualTo("bad_request");
        assertThat(spawn("{\"name\":\"*\",\"command\":[\"sh\"]}").code()).isEqualTo("invalid_name");
        Spawned pane = hub.spawn("Taken", "cat");
        assertThat(spawn("{\"name\":\"taken\",\"command\":[\"cat\"]}").code()).isEqualTo("name_taken");
        Answer byPane = api.post(pane.token(), "/api/v1/panes", "{\"name\":\"Y\",\"command\":[\"sh\"]}");
        assertThat(byPane.status()).isEqualTo(403);
        assertThat(panes()).isEqualTo(before + 1);
        assertThat(api.get(null, "/api/v1/health").status()).isEqualTo(200);
    }

    @Test
    void theCommandsPathComesFromThePanesEnvironment() throws Exception {
        Path bin = Files.createDirectories(work.resolve("bin"));
        Path tool = bin.resolve("my-tool");
        Files.writeString(tool, "#!/bin/sh\necho my-tool-ran\nsleep 100\n");
        tool.toFile().setExecutable(true);
        Answer a = spawn("{\"name\":\"Tool\",\"env\":{\"PATH\":" + q(bin + ":/usr/bin:/bin")
                + "},\"command\":[\"my-tool\"]}");
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        awaitOutput(a.json().path("id").asString(), "my-tool-ran");
    }

    private Answer spawn(String body) {
        return api.post(hub.op(), "/api/v1/panes", body);
    }

    private int panes() {
        return api.get(hub.op(), "/api/v1/panes").json().path("panes").size();
    }

    private long childPid(String id) {
        awaitOutput(id, "child=");
        Matcher m = Pattern.compile("child=(\\d+)").matcher(output(id));
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !zombie(pid);
    }

    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
