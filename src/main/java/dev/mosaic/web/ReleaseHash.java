package dev.mosaic.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One hash of every file of the page (names and bytes), read from the class path folder, in the jar or on disk:
 * what the page's files are served under, so a browser may keep them for as long as the hash stays.
 */
final class ReleaseHash {
    private static final Logger LOG = LoggerFactory.getLogger(ReleaseHash.class);

    private ReleaseHash() {
    }

    /** Empty when the folder cannot be listed: the page then names its files plainly, revalidated each time. */
    static Optional<String> of(ClassLoader loader, String root) {
        URL url = loader.getResource(root + "/index.html");
        if (url == null) {
            return Optional.empty();
        }
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("file")) {
                return Optional.of(hash(Path.of(uri).getParent()));
            }
            if (uri.getScheme().equals("jar")) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    return Optional.of(hash(jar.provider().getPath(uri).getParent()));
                } catch (FileSystemAlreadyExistsException e) {
                    return Optional.of(hash(FileSystems.getFileSystem(uri).provider().getPath(uri).getParent()));
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            LOG.warn("cannot list the page's files ({}): they are served without a release hash", e.toString());
        }
        return Optional.empty();
    }

    private static String hash(Path folder) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            sha.update(folder.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(Files.readAllBytes(file));
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest()).substring(0, 16);
    }
}
