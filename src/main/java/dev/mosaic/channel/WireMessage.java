package dev.mosaic.channel;

import dev.mosaic.model.Json;
import dev.mosaic.model.Message;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

/** Reads a §2 message as the hub sends it. */
final class WireMessage {
    /**
     * The hub leaves {@code redelivered} out unless it is true; Jackson 3 refuses to map that absent value onto the
     * record's primitive boolean unless told that null means false.
     */
    private static final ObjectReader READER = Json.MAPPER.readerFor(Message.class)
            .without(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private WireMessage() {
    }

    static Message read(JsonNode node) {
        return READER.readValue(node);
    }
}
