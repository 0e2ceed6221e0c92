package dev.mosaic.channel;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which params the channel refuses before the SDK sees them, and which it lets through untouched. */
class ParamsCheckTest {
    private final ParamsCheck check = new ParamsCheck(ChannelTools.NAMES);

    private static Map<String, Object> call(String name, Object arguments) {
        Map<String, Object> params = new HashMap<>();
        params.put("name", name);
        params.put("arguments", arguments);
        return params;
    }

    @Test
    void wellFormedRequestsGoThrough() {
        assertThat(check.problem("tools/call", call("send", Map.of("to", "Bob")))).isEmpty();
        assertThat(check.problem("tools/call", call("list_agents", null))).isEmpty();
        assertThat(check.problem("tools/call", Map.of("name", "list_agents"))).isEmpty();
        assertThat(check.problem("logging/setLevel", Map.of("level", "emergency"))).isEmpty();
        assertThat(check.problem("tools/list", null)).isEmpty();
        assertThat(check.problem("tools/list", new HashMap<>(Map.of()))).isEmpty();
        assertThat(check.problem("initialize", Map.of("protocolVersion", "2025-06-18", "capabilities", Map.of())))
                .isEmpty();
        assertThat(check.problem("ping", "anything")).isEmpty();
    }

    @Test
    void initializeParamsTheSdkCannotReadGetASentence() {
        // The SDK answered these -32603 with a Java exception's text (found by the stdin fuzzer).
        assertThat(check.problem("initialize", "anything")).get().asString().contains("needs an object");
        assertThat(check.problem("initialize", Map.of("capabilities", 3))).get().asString()
                .contains("'capabilities'", "object");
    }

    @Test
    void malformedParamsGetASentence() {
        assertThat(check.problem("tools/call", call("send", "x"))).get().asString()
                .contains("'arguments'", "not a string").endsWith(".");
        assertThat(check.problem("tools/call", call("send", List.of()))).get().asString().contains("not a list");
        assertThat(check.problem("tools/call", null)).get().asString().contains("needs an object");
        assertThat(check.problem("tools/call", Map.of("name", 3))).get().asString()
                .contains("'name'", "send, reply, list_agents, read_inbox, room_post or pass_floor");
        assertThat(check.problem("tools/call", call("teleport", Map.of()))).get().asString()
                .isEqualTo("Unknown tool 'teleport': this server has send, reply, list_agents, read_inbox, room_post "
                        + "and pass_floor.");
        assertThat(check.problem("logging/setLevel", Map.of("level", "INFO"))).get().asString()
                .contains("the level INFO", "debug, info, notice, warning, error, critical, alert or emergency");
        assertThat(check.problem("logging/setLevel", null)).get().asString().contains("no level");
        assertThat(check.problem("tools/list", Map.of("cursor", ""))).get().asString().contains("'cursor'");
    }
}
