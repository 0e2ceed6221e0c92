package dev.mosaic.model;

import java.util.Locale;
import java.util.regex.Pattern;

/** The rules for pane names: 1–64 letters, digits, '-', '_', '.' and space; compared case-insensitively. */
public final class Names {
    public static final int MAX_LENGTH = 64;
    private static final Pattern VALID = Pattern.compile("[\\p{L}\\p{N}\\-_. ]{1,64}");

    private Names() {
    }

    /** Why the name is not acceptable, or null when it is. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "a name needs 1 to 64 characters";
        }
        if (name.length() > MAX_LENGTH) {
            return "a name has at most 64 characters, this one has " + name.length();
        }
        if (!VALID.matcher(name).matches()) {
            return "a name may hold only letters, digits, '-', '_', '.' and spaces: " + Quote.of(name);
        }
        if (!name.strip().equals(name)) {
            return "a name may not start or end with a space";
        }
        if (name.equals("*")) {
            return "'*' means every pane and cannot be a name";
        }
        return null;
    }

    /** The form two names are compared in. */
    public static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
