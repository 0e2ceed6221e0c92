package dev.mosaic.channel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether the Claude Code that started this channel asked for channels on its command line. A {@code server:} channel
 * is loaded as a channel only when named by {@code --channels} or {@code --dangerously-load-development-channels}
 * (shared/CLAUDE-CODE.md; nothing else adds a {@code server:} entry to Claude Code's list), so a Claude Code started
 * without either drops every notification: its messages must go through the messaging socket from the first one
 * (DESIGN §10). Claude Code names that socket {@code <its pid>.sock}; the process with that pid among this process's
 * ancestors is Claude Code, and its arguments say how it was started. Anything unclear is {@link Verdict#UNKNOWN}.
 */
final class ClaudeLaunch {
    /** The flags that make Claude Code load channels (2.1.330); each takes one or more values. */
    static final List<String> CHANNEL_FLAGS = List.of("--channels", "--dangerously-load-development-channels");
    /** A launcher or two (a shell, `mosaic`'s script) may sit between Claude Code and this process. */
    private static final int MAX_ANCESTORS = 8;
    private static final Pattern SOCKET_NAME = Pattern.compile("([1-9][0-9]{0,9})\\.sock");

    /** What the command line says. */
    enum Verdict {
        /** Claude Code was started with a channel flag: notifications may reach the agent. */
        CHANNELS_ASKED,
        /** Claude Code was started without any channel flag: it drops every notification of this channel. */
        NO_CHANNELS,
        /** Claude Code's process or its arguments could not be found: behave as if notifications may work. */
        UNKNOWN
    }

    private ClaudeLaunch() {
    }

    /** The verdict for the Claude Code whose messaging socket is {@code socket}, an ancestor of {@code self}. */
    static Verdict of(Path socket, ProcessHandle self) {
        Path name = socket.getFileName();
        Matcher m = SOCKET_NAME.matcher(name == null ? "" : name.toString());
        if (!m.matches()) {
            return Verdict.UNKNOWN;
        }
        long pid = Long.parseLong(m.group(1));
        Optional<ProcessHandle> p = self.parent();
        for (int i = 0; i < MAX_ANCESTORS && p.isPresent(); i++) {
            ProcessHandle h = p.get();
            if (h.pid() == pid) {
                return arguments(h).map(ClaudeLaunch::of).orElse(Verdict.UNKNOWN);
            }
            p = h.parent();
        }
        return Verdict.UNKNOWN;
    }

    /**
     * The process's arguments, without the program. Linux: all of {@code /proc/PID/cmdline}; the JDK's
     * {@link ProcessHandle.Info#arguments()} reads only its first page and gives nothing for a longer command line.
     */
    private static Optional<List<String>> arguments(ProcessHandle h) {
        Path cmdline = Path.of("/proc", Long.toString(h.pid()), "cmdline");
        if (Files.isReadable(cmdline)) {
            try {
                String all = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8); // never fails to decode
                List<String> argv = List.of(all.split("\0", -1));
                // NUL-terminated: the last piece is empty. Nothing at all: a zombie or a kernel thread.
                return argv.size() < 2 ? Optional.empty() : Optional.of(argv.subList(1, argv.size() - 1));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return h.info().arguments().map(List::of);
    }

    /**
     * The verdict for these arguments (without the program itself): a channel flag, alone or as {@code --flag=VALUE},
     * before a {@code --} that ends the options.
     */
    static Verdict of(List<String> args) {
        for (String a : args) {
            if (a.equals("--")) {
                break;
            }
            for (String flag : CHANNEL_FLAGS) {
                if (a.equals(flag) || a.startsWith(flag + "=")) {
                    return Verdict.CHANNELS_ASKED;
                }
            }
        }
        return Verdict.NO_CHANNELS;
    }
}
