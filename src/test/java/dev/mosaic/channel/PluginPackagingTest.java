package dev.mosaic.channel;

import dev.mosaic.model.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The Claude Code plugin under plugin/: its files parse, agree with each other, and start this channel. */
class PluginPackagingTest {
    private static final Path PLUGIN = Path.of("plugin");

    private static JsonNode read(String path) throws IOException {
        return Json.MAPPER.readTree(Files.readString(PLUGIN.resolve(path)));
    }

    @Test
    void theMarketplaceListsThePluginWhoseManifestAndServerMatch() throws IOException {
        JsonNode marketplace = read(".claude-plugin/marketplace.json");
        assertThat(marketplace.path("name").asString()).isEqualTo("mosaic");
        assertThat(marketplace.path("owner").path("name").asString()).isNotBlank();
        JsonNode entry = marketplace.path("plugins").get(0);
        String source = entry.path("source").asString();
        JsonNode manifest = read(source + "/.claude-plugin/plugin.json");
        assertThat(manifest.path("name").asString()).isEqualTo(entry.path("name").asString()).isEqualTo("mosaic");
        assertThat(manifest.path("version").asString()).isEqualTo(entry.path("version").asString());

        JsonNode server = read(source + "/.mcp.json").path("mcpServers").path(ClaudeConfigInstaller.SERVER_NAME);
        assertThat(server.path("type").asString()).isEqualTo("stdio");
        String command = server.path("command").asString();
        assertThat(command).startsWith("${CLAUDE_PLUGIN_ROOT}/");
        Path script = PLUGIN.resolve(source).resolve(command.substring("${CLAUDE_PLUGIN_ROOT}/".length()));
        assertThat(script).isRegularFile().isExecutable();
        assertThat(Files.readString(script)).contains("channel");
        // Inside this checkout the script falls back to the repository's launcher.
        assertThat(script.getParent().resolve("../../../mosaic").normalize()).isEqualTo(Path.of("mosaic"));
    }
}
