package dev.mosaic.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The workstation's files, packed in the jar under {@code web/}. A request path is checked segment by segment
 * before it touches the class loader: only names of letters, digits, '.', '_' and '-' that do not start with a dot
 * (so no "..", no hidden files, no encoded separators), and only the file types below; anything else is not found.
 * <p>
 * Each file is also served under {@code /r/RELEASE/}, where RELEASE is a hash of every file of the page, with a
 * cache rule that keeps it for good; the HTML pages name their scripts and styles there. A reload then asks the hub
 * for nothing but the page itself, and a new hub with changed files has a new RELEASE, so no browser keeps an old one.
 */
public final class StaticFiles {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("txt", "text/plain; charset=utf-8"));
    /** Vendored libraries sit under a versioned path, so a browser may keep them for good. */
    private static final String VENDOR = "vendor/";
    private static final String FOREVER = "public, max-age=31536000, immutable";
    /** Where the page's own files are served under their release. */
    static final String RELEASED = "/r/";
    /** {@code src="/app.js"} or {@code href="/style.css"} in a page: one of our own files by its plain path. */
    private static final Pattern OWN_REFERENCE =
            Pattern.compile("(src|href)=\"/([A-Za-z0-9_-][A-Za-z0-9._-]*\\.(?:js|css))\"");

    private final ClassLoader loader;
    private final String root;
    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();
    private final Optional<String> release;

    /** Files under the class path folder {@code root} (e.g. "web"). */
    public StaticFiles(ClassLoader loader, String root) {
        this.loader = loader;
        this.root = root;
        this.release = ReleaseHash.of(loader, root);
    }

    /** The hash of every file of the page, when the files could be listed (from a jar or a folder). */
    public Optional<String> release() {
        return release;
    }

    /** The file at this request path (e.g. "/app.js", or "/r/RELEASE/app.js"), if it is one of ours. */
    public Optional<Asset> find(String requestPath) {
        if (requestPath != null && requestPath.startsWith(RELEASED)) {
            String prefix = release.map(r -> RELEASED + r + "/").orElse(null);
            if (prefix == null || !requestPath.startsWith(prefix)) {
                return Optional.empty(); // another hub's files: never kept for good under this name
            }
            return find("/" + requestPath.substring(prefix.length()))
                    .map(a -> new Asset(a.bytes(), a.contentType(), a.etag(), FOREVER));
        }
        return relative(requestPath).flatMap(rel -> cache.computeIfAbsent(rel, this::load));
    }

    static Optional<String> relative(String requestPath) {
        if (requestPath == null || !requestPath.startsWith("/")) {
            return Optional.empty();
        }
        String rel = requestPath.substring(1);
        String[] segments = rel.split("/", -1);
        for (String s : segments) {
            if (!SEGMENT.matcher(s).matches()) {
                return Optional.empty();
            }
        }
        return type(rel).isPresent() ? Optional.of(rel) : Optional.empty();
    }

    private static Optional<String> type(String rel) {
        int dot = rel.lastIndexOf('.');
        return dot < 0 ? Optional.empty() : Optional.ofNullable(TYPES.get(rel.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }

    private Optional<Asset> load(String rel) {
        try (InputStream in = loader.getResourceAsStream(root + "/" + rel)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            if (rel.endsWith(".html")) {
                bytes = released(bytes);
            }
            String cache = rel.startsWith(VENDOR) ? FOREVER : "no-cache";
            return Optional.of(new Asset(bytes, type(rel).orElseThrow(), "\"" + digest(bytes) + "\"", cache));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root + "/" + rel + " from the jar", e);
        }
    }

    /** The page with its own scripts and styles named under the release (vendored ones are versioned already). */
    private byte[] released(byte[] html) {
        if (release.isEmpty()) {
            return html;
        }
        String prefix = RELEASED + release.get() + "/";
        return OWN_REFERENCE.matcher(new String(html, StandardCharsets.UTF_8))
                .replaceAll(m -> m.group(1) + "=\"" + prefix + m.group(2) + "\"").getBytes(StandardCharsets.UTF_8);
    }

    private static String digest(byte[] bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** One file: its bytes, Content-Type, ETag and Cache-Control. */
    public record Asset(byte[] bytes, String contentType, String etag, String cacheControl) {
    }
}
