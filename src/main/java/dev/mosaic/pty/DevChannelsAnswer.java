package dev.mosaic.pty;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Answers Claude Code's development-channels warning in a new pane: a viewer of the pane's output from its first
 * byte that presses Enter (the first option, "I am using this for local development") once the whole warning is on
 * screen, then leaves. Lives in the hub so the answer comes even when the {@code mosaic claude} that asked for it has
 * exited or was interrupted. Never a keystroke on a timer: no warning, no key.
 */
public final class DevChannelsAnswer implements ViewerSink {
    private static final byte[] ENTER = {'\r'};
    /** The warning is Claude Code's first screen; after this much output without it, stop watching. */
    private static final long GIVE_UP_AFTER = 1 << 20;

    private final Terminal terminal;
    private final Consumer<Duration> onAnswer;
    private final long startedAt = System.nanoTime();
    private final DevChannelsWarning warning = new DevChannelsWarning();
    private final AtomicReference<Viewer> viewer = new AtomicReference<>();
    private long seen;
    private volatile boolean done;

    private DevChannelsAnswer(Terminal terminal, Consumer<Duration> onAnswer) {
        this.terminal = terminal;
        this.onAnswer = onAnswer;
    }

    /** Starts watching {@code terminal}; {@code onAnswer} gets, once, how long after this call the key was sent. */
    public static void watch(Terminal terminal, Consumer<Duration> onAnswer) {
        DevChannelsAnswer answer = new DevChannelsAnswer(terminal, onAnswer);
        Viewer v = terminal.attach(answer);
        answer.viewer.set(v);
        if (answer.done) {
            v.close(); // it finished before we held the viewer
        }
    }

    @Override
    public void output(byte[] bytes) {
        if (done) {
            return;
        }
        seen += bytes.length;
        if (warning.feed(bytes, 0, bytes.length)) {
            terminal.write(ENTER);
            finish();
            onAnswer.accept(Duration.ofNanos(System.nanoTime() - startedAt));
        } else if (seen > GIVE_UP_AFTER) {
            finish();
        }
    }

    @Override
    public void exited(int code) {
        finish();
    }

    @Override
    public void error(String code, String message) {
        // it sends nothing a viewer could be refused for
    }

    @Override
    public void closed(String reason) {
        done = true;
    }

    private void finish() {
        done = true;
        Viewer v = viewer.get();
        if (v != null) {
            v.close();
        }
    }
}
