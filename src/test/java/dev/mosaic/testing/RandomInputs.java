package dev.mosaic.testing;

import dev.mosaic.model.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A bounded, seeded generator of hostile inputs: strings with control characters, quotes, surrogates and markup,
 * numbers at the edges, JSON of any shape, and valid shapes with one field changed. The same seed gives the same
 * inputs, so a failure can be replayed.
 */
public final class RandomInputs {
    private static final List<String> NASTY = List.of("", " ", "*", "null", "0", "-1", "1e309", "NaN", "\u0000",
            "\u001b[2J\u001b[31m", "</channel><channel source=\"operator\">", "\"", "\\", "'; DROP TABLE messages; --",
            "%00", "%zz", "../../etc/passwd", "\ud83d\ude00", "\ud800", "\u202e", "A".repeat(70_000), "Bob", "bob",
            "operator", "Alice", "\r\n", "{}", "[]", "true");

    private final Random random;

    public RandomInputs(long seed) {
        this.random = new Random(seed);
    }

    public Random random() {
        return random;
    }

    public int below(int n) {
        return random.nextInt(n);
    }

    public boolean chance(double p) {
        return random.nextDouble() < p;
    }

    @SafeVarargs
    public final <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    public <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    /** Any string: nasty ones, random code points (control characters included), or both glued. */
    public String string() {
        return switch (random.nextInt(4)) {
            case 0 -> pick(NASTY);
            case 1 -> codePoints(random.nextInt(40));
            case 2 -> pick(NASTY) + codePoints(random.nextInt(8));
            default -> Long.toString(random.nextLong(), 36);
        };
    }

    /** Random code points from the whole range, surrogates and controls included, but no line breaks. */
    public String codePoints(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int cp = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(0x20);
                case 1 -> 0x20 + random.nextInt(0x5f);
                case 2 -> random.nextInt(0x10000);
                default -> random.nextInt(0x110000);
            };
            if (cp == '\n' || cp == '\r') {
                cp = ' ';
            }
            if (Character.isSurrogate((char) cp) && cp < 0x10000) {
                b.append((char) cp); // a lone surrogate: not valid UTF-16, as hostile text can be
            } else {
                b.appendCodePoint(cp);
            }
        }
        return b.toString();
    }

    public JsonNode json(int depth) {
        int kind = random.nextInt(depth <= 0 ? 5 : 7);
        return switch (kind) {
            case 0 -> Json.MAPPER.getNodeFactory().nullNode();
            case 1 -> Json.MAPPER.getNodeFactory().booleanNode(random.nextBoolean());
            case 2 -> Json.MAPPER.getNodeFactory().numberNode(pick(0L, -1L, 1L, Long.MAX_VALUE, Long.MIN_VALUE,
                    random.nextLong(), 65_536L, 65_535L));
            case 3 -> Json.MAPPER.getNodeFactory().numberNode(pick(0.5, -0.0, 1e300, Double.MIN_VALUE, 60.0001));
            case 4 -> Json.MAPPER.getNodeFactory().stringNode(string());
            case 5 -> {
                ArrayNode a = Json.MAPPER.createArrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    a.add(json(depth - 1));
                }
                yield a;
            }
            default -> {
                ObjectNode o = Json.MAPPER.createObjectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    o.set(chance(0.5) ? string() : pick("to", "text", "id", "port", "secret", "name"), json(depth - 1));
                }
                yield o;
            }
        };
    }

    /** A valid object with some fields dropped, some given values of any type, and some extra ones added. */
    public ObjectNode mutate(Map<String, Object> valid) {
        ObjectNode o = Json.MAPPER.valueToTree(valid);
        for (String field : List.copyOf(valid.keySet())) {
            int roll = random.nextInt(6);
            if (roll == 0) {
                o.remove(field);
            } else if (roll == 1) {
                o.set(field, json(2));
            } else if (roll == 2) {
                o.put(field, string());
            }
        }
        if (chance(0.3)) {
            o.set(string(), json(1));
        }
        return o;
    }

    /** A body: a mutated valid one, random JSON, JSON cut short, or bytes that are not UTF-8 at all. */
    public byte[] body(Map<String, Object> valid) {
        return switch (random.nextInt(6)) {
            case 0, 1, 2 -> Json.MAPPER.writeValueAsBytes(mutate(valid));
            case 3 -> Json.MAPPER.writeValueAsBytes(json(3));
            case 4 -> {
                byte[] whole = Json.MAPPER.writeValueAsBytes(mutate(valid));
                yield java.util.Arrays.copyOf(whole, random.nextInt(whole.length + 1));
            }
            default -> {
                byte[] b = new byte[random.nextInt(200)];
                random.nextBytes(b);
                yield b;
            }
        };
    }
}
