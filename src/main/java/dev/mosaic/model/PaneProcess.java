package dev.mosaic.model;

import java.util.OptionalInt;

/**
 * The process the hub started for a spawned pane: its pid (also its process group), working directory, terminal
 * size, and its exit code once it exited.
 */
public record PaneProcess(long pid, String cwd, TerminalSize size, OptionalInt exitCode) {
}
