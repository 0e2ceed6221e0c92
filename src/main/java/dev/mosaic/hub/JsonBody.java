package dev.mosaic.hub;

import dev.mosaic.model.Json;
import io.javalin.http.Context;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** A request's JSON object, read field by field with errors that name the field and what it should be. */
final class JsonBody {
    private final JsonNode root;

    private JsonBody(JsonNode root) {
        this.root = root;
    }

    /** The request's body, which must be a JSON object of at most {@link Hub#MAX_REQUEST_SIZE} bytes. */
    static JsonBody read(Context ctx) {
        return parse(bytes(ctx));
    }

    /**
     * The body read straight into an array of its declared length. Javalin's own read ({@code bodyAsBytes}) starts
     * every body in a fresh 8 KiB buffer and copies it twice: 3.5 % of a busy hub's CPU samples (BENCHMARKS.md). A
     * body sent without a length (chunked) goes through Javalin's read, which applies the same limit.
     */
    private static byte[] bytes(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared < 0) {
            return ctx.bodyAsBytes();
        }
        if (declared > Hub.MAX_REQUEST_SIZE) {
            throw ApiError.tooLarge("the request body is too large");
        }
        try {
            byte[] body = ctx.req().getInputStream().readNBytes((int) declared);
            if (body.length < declared) {
                throw ApiError.badRequest("the request body ended after " + body.length + " of its " + declared
                        + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw ApiError.badRequest("the request body could not be read: " + e.getMessage());
        }
    }

    private static JsonBody parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiError.badRequest("the request needs a JSON object as its body");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw ApiError.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiError.badRequest("the body must be a JSON object");
        }
        return new JsonBody(node);
    }

    /** The field as it came, any JSON type; empty when absent or null. */
    Optional<JsonNode> node(String field) {
        JsonNode n = root.get(field);
        return n == null || n.isNull() ? Optional.empty() : Optional.of(n);
    }

    boolean has(String field) {
        JsonNode n = root.get(field);
        return n != null && !n.isNull();
    }

    String requiredString(String field) {
        String s = optionalString(field);
        if (s == null) {
            throw ApiError.badRequest("'" + field + "' is required (a string)");
        }
        return s;
    }

    String optionalString(String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isString()) {
            throw ApiError.badRequest("'" + field + "' must be a string, not " + kind(n));
        }
        return n.stringValue();
    }

    int requiredInt(String field, int min, int max) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            throw ApiError.badRequest("'" + field + "' is required (an integer)");
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < min || n.intValue() > max) {
            throw ApiError.badRequest("'" + field + "' must be an integer from " + min + " to " + max);
        }
        return n.intValue();
    }

    /** An optional boolean; false when absent or null. */
    boolean optionalBoolean(String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw ApiError.badRequest("'" + field + "' must be true or false, not " + kind(n));
        }
        return n.booleanValue();
    }

    /** An optional integer within bounds. */
    OptionalInt optionalInt(String field, int min, int max) {
        return has(field) ? OptionalInt.of(requiredInt(field, min, max)) : OptionalInt.empty();
    }

    /** A list of strings; empty when absent. */
    List<String> stringList(String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw ApiError.badRequest("'" + field + "' must be a list of strings, not " + kind(n));
        }
        return stringOrList(field);
    }

    /** An object whose values are all strings; empty when absent. */
    Map<String, String> stringMap(String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return Map.of();
        }
        if (!n.isObject()) {
            throw ApiError.badRequest("'" + field + "' must be an object of strings, not " + kind(n));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            if (!e.getValue().isString()) {
                throw ApiError.badRequest("every value of '" + field + "' must be a string");
            }
            out.put(e.getKey(), e.getValue().stringValue());
        }
        return out;
    }

    /** A string or a list of strings, as one list. */
    List<String> stringOrList(String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (n.isString()) {
            return List.of(n.stringValue());
        }
        if (!n.isArray()) {
            throw ApiError.badRequest("'" + field + "' must be a string or a list of strings, not " + kind(n));
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : n) {
            if (!item.isString()) {
                throw ApiError.badRequest("every item of '" + field + "' must be a string");
            }
            out.add(item.stringValue());
        }
        return out;
    }

    private static String kind(JsonNode n) {
        if (n.isNumber()) {
            return "a number";
        }
        if (n.isBoolean()) {
            return "a boolean";
        }
        if (n.isArray()) {
            return "a list";
        }
        if (n.isObject()) {
            return "an object";
        }
        return "that";
    }
}
