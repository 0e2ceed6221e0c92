package dev.mosaic.pty;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The scrollback keeps exactly the last bytes written, whatever the chunk sizes. */
class ScrollbackTest {
    @Property(tries = 300)
    void theTailIsAlwaysTheLastBytesWritten(@ForAll @IntRange(min = 1, max = 64) int capacity,
                                            @ForAll @Size(max = 30) List<@Size(max = 100) byte[]> chunks,
                                            @ForAll @IntRange(min = 0, max = 80) int n) {
        Scrollback s = new Scrollback(capacity);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] c : chunks) {
            s.append(c, 0, c.length);
            all.writeBytes(c);
        }
        byte[] written = all.toByteArray();
        int kept = Math.min(written.length, capacity);
        assertThat(s.size()).isEqualTo(kept);
        int want = Math.min(n, kept);
        assertThat(s.tail(n)).isEqualTo(Arrays.copyOfRange(written, written.length - want, written.length));
    }
}
