package dev.mosaic.model;

import java.util.Optional;

/** A terminal's size in character cells, within the limits DESIGN.md §8 sets (cols 10–1000, rows 5–500). */
public record TerminalSize(int cols, int rows) {
    public static final int MIN_COLS = 10;
    public static final int MAX_COLS = 1000;
    public static final int MIN_ROWS = 5;
    public static final int MAX_ROWS = 500;
    public static final TerminalSize DEFAULT = new TerminalSize(120, 32);

    public TerminalSize {
        problem(cols, rows).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
    }

    /** Why cols × rows is not a size a pane may have, if it is not. */
    public static Optional<String> problem(int cols, int rows) {
        if (cols < MIN_COLS || cols > MAX_COLS) {
            return Optional.of("cols must be from " + MIN_COLS + " to " + MAX_COLS + ", not " + cols);
        }
        if (rows < MIN_ROWS || rows > MAX_ROWS) {
            return Optional.of("rows must be from " + MIN_ROWS + " to " + MAX_ROWS + ", not " + rows);
        }
        return Optional.empty();
    }
}
