package dev.mosaic.cli;

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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InstallCommandTest {
    @TempDir
    Path dir;

    Path launcher;
    Path config;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void setUp() throws IOException {
        launcher = dir.resolve("mosaic");
        Files.writeString(launcher, "#!/bin/sh\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        config = dir.resolve(".claude.json");
    }

    private int install(String... extra) {
        Map<String, String> env = Map.of("MOSAIC_LAUNCHER", launcher.toString(), "HOME", dir.toString());
        String[] args = new String[extra.length + 1];
        args[0] = "install";
        System.arraycopy(extra, 0, args, 1, extra.length);
        return Cli.build(env, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    private JsonNode entry() throws IOException {
        return Json.MAPPER.readTree(Files.readString(config)).path("mcpServers").path("mosaic-channel");
    }

    @Test
    void addsTheEntryAndKeepsEveryOtherKey() throws IOException {
        Files.writeString(config, """
                {"hasCompletedOnboarding": true, "projects": {"/x": {"hasTrustDialogAccepted": true}},
                 "mcpServers": {"other": {"type": "stdio", "command": "/bin/other"}}, "zeta": [1, 2]}""");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r-----"));

        assertThat(install("--claude-json", config.toString())).isZero();

        JsonNode root = Json.MAPPER.readTree(Files.readString(config));
        assertThat(root.propertyNames()).containsExactly("hasCompletedOnboarding", "projects", "mcpServers", "zeta");
        assertThat(root.path("projects").path("/x").path("hasTrustDialogAccepted").asBoolean()).isTrue();
        assertThat(root.path("mcpServers").path("other").path("command").asString()).isEqualTo("/bin/other");
        assertThat(root.path("zeta").size()).isEqualTo(2);
        assertThat(entry().toString()).isEqualTo("{\"type\":\"stdio\",\"command\":\"" + launcher
                + "\",\"args\":[\"channel\"]}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-r-----");
        assertThat(out.toString()).contains("Added", "--dangerously-load-development-channels server:mosaic-channel");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("mosaic", ".claude.json");
        }
    }

    @Test
    void runningItTwiceChangesNothingTheSecondTime() throws IOException {
        assertThat(install()).isZero(); // default: $HOME/.claude.json, created
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");
        String first = Files.readString(config);
        long modified = Files.getLastModifiedTime(config).toMillis();

        assertThat(install()).isZero();
        assertThat(Files.readString(config)).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(config).toMillis()).isEqualTo(modified);
        assertThat(out.toString()).contains("already up to date");
    }

    @Test
    void anOldEntryIsUpdatedKeepingWhatTheUserAdded() throws IOException {
        Files.writeString(config, "{\"mcpServers\":{\"mosaic-channel\":{\"type\":\"stdio\",\"command\":\"/old/mosaic\","
                + "\"args\":[\"channel\"],\"env\":{\"MOSAIC_NAME\":\"Bob\"}}}}");
        assertThat(install("--claude-json", config.toString())).isZero();
        assertThat(entry().path("command").asString()).isEqualTo(launcher.toString());
        assertThat(entry().path("env").path("MOSAIC_NAME").asString()).isEqualTo("Bob");
        assertThat(out.toString()).contains("Updated");
    }

    @Test
    void aCorruptFileIsRefusedWithExit2AndLeftUntouched() throws IOException {
        for (String corrupt : new String[] {"{\"mcpServers\": {", "[1,2]", "{\"mcpServers\": 5}"}) {
            Files.writeString(config, corrupt);
            err.getBuffer().setLength(0);
            assertThat(install("--claude-json", config.toString())).as(corrupt).isEqualTo(2);
            assertThat(Files.readString(config)).isEqualTo(corrupt);
            assertThat(err.toString()).contains(config.toString(), "untouched");
        }
    }
}
