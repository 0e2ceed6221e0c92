package dev.mosaic.channel;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The tools' input schemas, checked with the SDK's real validator (the channel skips it at run time). */
class ChannelToolsSchemaTest {
    private final List<SyncToolSpecification> tools = new ChannelTools(
            new HubLink(new HubLocation.Nowhere("test"), 1, PushSecret.random(), SocketOffer.NONE, HubLink.Timing.defaults()),
            new SeenIds(10), new JacksonMcpJsonMapper(JsonMapper.builder().build())).specifications();
    private final JsonSchemaValidator validator = McpJsonDefaults.getSchemaValidator();

    private JsonSchemaValidator.ValidationResponse check(String tool, Map<String, Object> args) {
        return validator.validate(tools.stream().filter(t -> t.tool().name().equals(tool)).findFirst().orElseThrow()
                .tool().inputSchema(), args);
    }

    @Test
    void everyInputSchemaIsAValidSchema() {
        assertThat(tools).extracting(t -> t.tool().name()).containsExactlyElementsOf(ChannelTools.NAMES);
        tools.forEach(t -> assertThat(validator.validateSchema(t.tool().inputSchema()).valid())
                .as(t.tool().name()).isTrue());
    }

    @Test
    void theSchemasAcceptWhatTheToolsAcceptAndRejectTheRest() {
        assertThat(check("send", Map.of("to", "Bob", "text", "hi")).valid()).isTrue();
        assertThat(check("send", Map.of("to", List.of("Bob", "Carol"), "text", "hi", "subject", "s")).valid()).isTrue();
        assertThat(check("send", Map.of("to", "Bob")).valid()).isFalse();
        assertThat(check("send", Map.of("to", 5, "text", "hi")).valid()).isFalse();
        assertThat(check("reply", Map.of("message_id", "M1", "text", "ok")).valid()).isTrue();
        assertThat(check("reply", Map.of("text", "ok")).valid()).isFalse();
        assertThat(check("list_agents", Map.of()).valid()).isTrue();
        assertThat(check("list_agents", Map.of("all", true)).valid()).isTrue();
        assertThat(check("list_agents", Map.of("all", "yes")).valid()).isFalse();
        assertThat(check("read_inbox", Map.of()).valid()).isTrue();
        assertThat(check("read_inbox", Map.of("limit", 500)).valid()).isFalse();
    }
}
