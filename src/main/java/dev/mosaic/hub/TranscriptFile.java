package dev.mosaic.hub;

import dev.mosaic.model.Json;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One Claude Code session transcript (shared/CLAUDE-CODE.md, "Transcript"), read as it grows: each {@link #read}
 * takes the complete lines added since the last one and returns the message ids of the channel tags held by the
 * lines that prove the model took a message in (DESIGN.md §10): a {@code user} line, or a {@code queued_command}
 * attachment. A {@code queue-operation} line is written on arrival, before the model took anything in, and a
 * {@code tool_result} is a tool's output, not a message: neither counts. A line still being written is read once it
 * ends; a line over {@link #MAX_LINE} bytes, or one that is no JSON, is skipped. A file replaced or rewritten (a new
 * inode, a size below what was read, or other bytes just before where the last read ended) is read again from its
 * start; a line read twice changes nothing, a seen stays seen. Not thread-safe: one reader at a time.
 */
final class TranscriptFile {
    /** A message is at most 64 KiB of text; a line this long holds no block of ours worth its parse. */
    static final int MAX_LINE = 4 * 1024 * 1024;
    /** A transcript first seen is read from this far before its end: a session's history is not the hub's to scan. */
    static final long FIRST_WINDOW = 1024 * 1024;
    /** At most this much a pass, so one huge transcript cannot hold the sweep; the rest comes next pass. */
    static final long MAX_PASS = 16L * 1024 * 1024;
    private static final int CHUNK = 64 * 1024;
    private static final int FINGERPRINT = 64;

    private final Path path;
    private Object fileKey;
    private boolean started;
    private long offset;
    /** Inside a line over MAX_LINE: its bytes up to the next newline are dropped. */
    private boolean skipping;
    /** The bytes just before {@code offset} when it was last read: other bytes there mean the file was rewritten. */
    private byte[] before = new byte[0];
    /** The last read's failure, so the same one is told once. */
    private String problem;

    TranscriptFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    /** Records the last read's failure (null: it read); true when that is news. */
    boolean problem(String now) {
        boolean news = now != null && !now.equals(problem);
        problem = now;
        return news;
    }

    /**
     * The ids taken in by lines added since the last read, in order, without repeats. A file that is missing or not a
     * regular file (a symbolic link is not followed: a pane cannot point the hub at a device or a FIFO) gives none;
     * an unreadable one throws, and the next read tries again.
     */
    List<String> read() throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return List.of(); // not written yet, or gone: nothing to witness
        }
        if (!attrs.isRegularFile()) {
            return List.of();
        }
        long size = attrs.size();
        if (!started) {
            started = true;
            fileKey = attrs.fileKey();
            offset = Math.max(0, size - FIRST_WINDOW);
            skipping = offset > 0; // the window starts inside a line: drop its rest
        } else if (!Objects.equals(fileKey, attrs.fileKey()) || size < offset) {
            restart(attrs.fileKey()); // rotated, or cut shorter: a new file to read from its start
        }
        Set<String> ids = new LinkedHashSet<>();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            if (!Arrays.equals(before, bytesBefore(ch, offset, before.length))) {
                restart(fileKey); // rewritten in place, as long as what was read or longer
            }
            if (size == offset) {
                return List.of();
            }
            long end = Math.min(size, offset + MAX_PASS);
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            long pos = offset;
            long lineStart = offset;
            while (pos < end) {
                buf.clear().limit((int) Math.min(CHUNK, end - pos));
                int n = ch.read(buf, pos);
                if (n <= 0) {
                    break; // cut shorter while reading: the next read sees it
                }
                byte[] bytes = buf.array();
                for (int i = 0; i < n; i++) {
                    byte b = bytes[i];
                    if (b == '\n') {
                        if (!skipping) {
                            ids.addAll(idsIn(line.toString(StandardCharsets.UTF_8)));
                        }
                        line.reset();
                        skipping = false;
                        lineStart = pos + i + 1;
                    } else if (!skipping) {
                        if (line.size() >= MAX_LINE) {
                            skipping = true;
                            line.reset();
                        } else {
                            line.write(b);
                        }
                    }
                }
                pos += n;
            }
            // A line not ended yet is read again once it is; one being skipped is not kept.
            offset = skipping ? pos : lineStart;
            before = bytesBefore(ch, offset, FINGERPRINT);
        }
        return new ArrayList<>(ids);
    }

    private void restart(Object key) {
        fileKey = key;
        offset = 0;
        skipping = false;
        before = new byte[0];
    }

    /** Up to {@code n} bytes ending at {@code at} (fewer near the start, or when the file is shorter now). */
    private static byte[] bytesBefore(FileChannel ch, long at, int n) throws IOException {
        int len = (int) Math.min(n, at);
        ByteBuffer buf = ByteBuffer.allocate(len);
        while (buf.hasRemaining()) {
            if (ch.read(buf, at - len + buf.position()) <= 0) {
                break;
            }
        }
        return Arrays.copyOf(buf.array(), buf.position());
    }

    /** The ids a transcript line proves taken in; none for any other line, or one that is no JSON object. */
    static List<String> idsIn(String line) {
        if (!line.contains("message_id")) {
            return List.of(); // most lines: no parse
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(line);
        } catch (RuntimeException e) {
            return List.of();
        }
        if (node == null || !node.isObject()) {
            return List.of();
        }
        String type = text(node.path("type"));
        JsonNode text = switch (type) {
            case "user" -> text(node.path("message").path("role")).equals("user")
                    ? node.path("message").path("content") : null;
            case "attachment" -> text(node.path("attachment").path("type")).equals("queued_command")
                    ? node.path("attachment").path("prompt") : null;
            default -> null;
        };
        return text == null ? List.of() : ChannelTags.messageIds(textOf(text));
    }

    private static String text(JsonNode n) {
        return n.isString() ? n.stringValue() : "";
    }

    /** A string, or the text blocks of a content array (never a tool_result: a tool's output is no message). */
    private static String textOf(JsonNode content) {
        if (content.isString()) {
            return content.stringValue();
        }
        if (!content.isArray()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode block : content) {
            if (text(block.path("type")).equals("text") && block.path("text").isString()) {
                out.append(block.path("text").stringValue()).append('\n');
            }
        }
        return out.toString();
    }
}
