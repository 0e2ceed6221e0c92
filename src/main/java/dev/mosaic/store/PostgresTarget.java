package dev.mosaic.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL database to connect to: its JDBC URL with any password taken out of it, and the password apart. The
 * URL it keeps is safe to log and to show in errors; the password is only ever handed to the driver.
 */
public final class PostgresTarget {
    private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^/?]*)(/([^?]*))?(\\?(.*))?");

    private final String safeUrl;
    private final String where;
    private final Optional<String> user;
    private final Optional<String> password;

    private PostgresTarget(String safeUrl, String where, Optional<String> user, Optional<String> password) {
        this.safeUrl = safeUrl;
        this.where = where;
        this.user = user;
        this.password = password;
    }

    /**
     * Reads a {@code jdbc:postgresql://host[:port]/database[?user=…&password=…]} URL. The password is the URL's if it
     * has one, else {@code fallbackPassword} (a password file, or PGPASSWORD).
     *
     * @throws IllegalArgumentException when the URL is not a PostgreSQL JDBC URL (the message never holds a password)
     */
    public static PostgresTarget parse(String url, Optional<String> fallbackPassword) {
        Matcher m = URL.matcher(url);
        if (!m.matches() || m.group(1).isEmpty()) {
            throw new IllegalArgumentException("not a PostgreSQL URL: " + redact(url)
                    + " (expected jdbc:postgresql://HOST[:PORT]/DATABASE[?user=NAME])");
        }
        String hostPort = m.group(1);
        String database = m.group(3) == null ? "" : m.group(3);
        List<String> kept = new ArrayList<>();
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        if (m.group(5) != null && !m.group(5).isEmpty()) {
            for (String param : m.group(5).split("&")) {
                String name = param.contains("=") ? param.substring(0, param.indexOf('=')) : param;
                String value = param.contains("=") ? param.substring(param.indexOf('=') + 1) : "";
                if (name.equalsIgnoreCase("password")) {
                    password = Optional.of(java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8));
                    continue;
                }
                if (name.equalsIgnoreCase("user")) {
                    user = Optional.of(value);
                }
                kept.add(param);
            }
        }
        String safe = "jdbc:postgresql://" + hostPort + "/" + database + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
        String where = hostPort + "/" + database + user.map(u -> " as " + u).orElse("");
        return new PostgresTarget(safe, where, user, password.or(() -> fallbackPassword.filter(p -> !p.isEmpty())));
    }

    /** Whether this URL names a PostgreSQL database. */
    public static boolean isPostgres(String url) {
        return url != null && url.startsWith("jdbc:postgresql:");
    }

    /** A URL with any {@code password=} parameter's value hidden, for messages about a URL that did not parse. */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    /** The URL without its password: safe to log. */
    public String safeUrl() {
        return safeUrl;
    }

    /** host:port/database and the user, for messages. */
    public String where() {
        return where;
    }

    public Optional<String> user() {
        return user;
    }

    /** The driver's properties: the password, when there is one, and timeouts so a dead server is noticed. */
    Properties properties() {
        Properties p = new Properties();
        password.ifPresent(pw -> p.setProperty("password", pw));
        p.setProperty("connectTimeout", "5");
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("ApplicationName", "mosaic-hub");
        return p;
    }

    Optional<String> password() {
        return password;
    }

    @Override
    public String toString() {
        return safeUrl;
    }
}
