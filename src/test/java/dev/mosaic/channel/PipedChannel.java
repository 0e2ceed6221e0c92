package dev.mosaic.channel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.UnaryOperator;

/** The whole channel in this JVM on piped stdin and stdout, with no hub; each stdout line lands in {@link #lines}. */
final class PipedChannel implements AutoCloseable {
    final Channel channel;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final OutputStream stdin;

    /** Starts the channel; {@code stdout} may wrap the stream it writes to (to hold flushes, say). */
    PipedChannel(Path home, PushSecret secret, UnaryOperator<OutputStream> stdout) throws IOException {
        Pipe in = Pipe.open();
        Pipe out = Pipe.open();
        stdin = Channels.newOutputStream(in.sink());
        channel = Channel.start(Map.of("MOSAIC_HOME", home.toString()), Channels.newInputStream(in.source()),
                stdout.apply(Channels.newOutputStream(out.sink())), "test", HubLink.Timing.defaults(), secret);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(Channels.newInputStream(out.source()),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the pipe closed with the test
            }
        }, "test-stdout-reader");
        reader.setDaemon(true);
        reader.start();
    }

    void writeLine(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    @Override
    public void close() throws IOException {
        stdin.close();
        channel.close();
    }
}
