package dev.mosaic.cli;

import dev.mosaic.channel.ClaudeHooksInstaller;
import dev.mosaic.model.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** `mosaic install` puts Mosaic's hook set into ~/.claude/settings.json of a throwaway HOME, keeping the rest. */
class HooksInstallTest {
    @TempDir
    Path dir;

    Path home;
    Path launcher;
    Path hook;
    Path settings;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void setUp() throws IOException {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        launcher = repo.resolve("mosaic");
        Files.writeString(launcher, "#!/bin/sh\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        hook = Files.createDirectories(repo.resolve("lib")).resolve("hook.sh");
        Files.writeString(hook, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        home = Files.createDirectories(dir.resolve("home"));
        settings = home.resolve(".claude").resolve("settings.json");
    }

    private int install(String... extra) {
        Map<String, String> env = Map.of("MOSAIC_LAUNCHER", launcher.toString(), "HOME", home.toString());
        String[] args = new String[extra.length + 1];
        args[0] = "install";
        System.arraycopy(extra, 0, args, 1, extra.length);
        return Cli.build(env, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    private JsonNode root() throws IOException {
        return Json.MAPPER.readTree(Files.readString(settings));
    }

    /** Every command hook of the event, across its matcher groups. */
    private List<JsonNode> commands(String event) throws IOException {
        return root().path("hooks").path(event).values().stream()
                .flatMap(g -> g.path("hooks").values().stream()).toList();
    }

    @Test
    void addsOneHookPerEventWithASmallTimeoutIntoANewFile() throws IOException {
        assertThat(install()).as(err.toString()).isZero();

        assertThat(root().path("hooks").propertyNames()).containsExactlyElementsOf(ClaudeHooksInstaller.EVENTS);
        for (String event : ClaudeHooksInstaller.EVENTS) {
            assertThat(commands(event)).singleElement().satisfies(h -> {
                assertThat(h.path("type").asString()).isEqualTo("command");
                assertThat(h.path("command").asString()).isEqualTo(hook.toString());
                assertThat(h.path("timeout").asInt()).isEqualTo(2);
            });
        }
        assertThat(Files.getPosixFilePermissions(settings)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(out.toString()).contains("Set Mosaic's hooks in " + settings);
    }

    @Test
    void keepsEveryOtherKeyAndHookAndTheFileMode() throws IOException {
        Files.createDirectories(settings.getParent());
        Files.writeString(settings, """
                {"permissions": {"defaultMode": "default", "allow": ["mcp__mosaic-channel__reply"]},
                 "hooks": {"Stop": [{"hooks": [{"type": "command", "command": "/usr/bin/my-stop", "timeout": 5}]}],
                           "PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "/x"}]}],
                           "PreCompact": [{"hooks": [{"type": "command", "command": "/y"}]}]},
                 "zeta": 1}""");
        Files.setPosixFilePermissions(settings, PosixFilePermissions.fromString("rw-r-----"));

        assertThat(install()).as(err.toString()).isZero();

        JsonNode root = root();
        assertThat(root.propertyNames()).containsExactly("permissions", "hooks", "zeta");
        assertThat(root.path("permissions").path("allow").get(0).asString()).isEqualTo("mcp__mosaic-channel__reply");
        assertThat(commands("Stop")).extracting(h -> h.path("command").asString())
                .containsExactly("/usr/bin/my-stop", hook.toString());
        assertThat(root.path("hooks").path("PreToolUse").get(0).path("matcher").asString()).isEqualTo("Bash");
        assertThat(commands("PreToolUse")).extracting(h -> h.path("command").asString())
                .containsExactly("/x", hook.toString());
        assertThat(commands("PreCompact")).extracting(h -> h.path("command").asString()).containsExactly("/y");
        assertThat(Files.getPosixFilePermissions(settings)).isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
    }

    @Test
    void aSecondInstallChangesNothingAndAMovedRepositoryIsUpdatedInPlace() throws IOException {
        assertThat(install()).isZero();
        String first = Files.readString(settings);
        long modified = Files.getLastModifiedTime(settings).toMillis();
        assertThat(install()).isZero();
        assertThat(Files.readString(settings)).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(settings).toMillis()).isEqualTo(modified);
        assertThat(out.toString()).contains("already up to date");

        Files.writeString(settings, first.replace(hook.toString(), "/old/checkout/lib/hook.sh")
                .replace("\"timeout\" : 2", "\"timeout\" : 30").replace("\"timeout\": 2", "\"timeout\": 30"));
        assertThat(install()).isZero();
        for (String event : ClaudeHooksInstaller.EVENTS) {
            assertThat(commands(event)).singleElement().satisfies(h -> {
                assertThat(h.path("command").asString()).isEqualTo(hook.toString());
                assertThat(h.path("timeout").asInt()).isEqualTo(2);
            });
        }
    }

    @Test
    void aCorruptSettingsFileIsRefusedAndLeftAlone() throws IOException {
        Files.createDirectories(settings.getParent());
        for (String corrupt : List.of("{\"hooks\": ", "[1, 2]", "{\"hooks\": []}", "{\"hooks\": {\"Stop\": {}}}")) {
            Files.writeString(settings, corrupt);
            err.getBuffer().setLength(0);
            assertThat(install()).as(corrupt).isEqualTo(2);
            assertThat(err.toString()).contains(settings.toString()).contains("left untouched");
            assertThat(Files.readString(settings)).isEqualTo(corrupt);
        }
        assertThat(Files.list(settings.getParent())).as("no temporary file left").hasSize(1);
    }

    @Test
    void withoutTheHookScriptOnlyTheChannelIsInstalledAndItSaysSo() throws IOException {
        Files.delete(hook);
        assertThat(install()).isZero();
        assertThat(err.toString()).contains("lib/hook.sh is missing");
        assertThat(Files.exists(settings)).isFalse();
        assertThat(Files.exists(home.resolve(".claude.json"))).isTrue();
    }
}
