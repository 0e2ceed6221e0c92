package dev.mosaic.model;

/** Quotes user input for error messages, cut short so an error never echoes a whole payload. */
public final class Quote {
    private Quote() {
    }

    public static String of(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return "'" + cut.replace("\n", "\\n") + "'";
    }
}
