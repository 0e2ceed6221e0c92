package dev.mosaic.model;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The wire form of DESIGN §4, checked against values from another implementation (openssl dgst -hmac). */
class PushSignatureTest {
    private final PushSignature s3 = new PushSignature("s3");

    @Test
    void signsTimestampDotBodyAndProvesTimestampDotIdsAsOpensslDoes() {
        // echo -n "123.abc" | openssl dgst -sha256 -hmac s3
        assertThat(s3.sign(123, "abc".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("v1=05248195f62dea9a021c17738db0827728527a1b22ed1f9a45298d3ee6d1164a");
        // echo -n "123.A,B" | openssl dgst -sha256 -hmac s3
        assertThat(s3.prove(123, List.of("A", "B")))
                .isEqualTo("v1=e17b670646313efca7d850e3c323ac6b9db34f53bc6bcef7016e91312b2fd8a0");
    }

    @Test
    void acceptsOnlyTheExactValue() {
        String proof = s3.prove(123, List.of("A", "B"));
        assertThat(s3.proves(proof, 123, List.of("A", "B"))).isTrue();
        assertThat(s3.proves(null, 123, List.of("A", "B"))).isFalse();
        assertThat(s3.proves(proof.toUpperCase(), 123, List.of("A", "B"))).isFalse();
        assertThat(s3.proves(proof.substring(3), 123, List.of("A", "B"))).isFalse();
        assertThat(new PushSignature("s4").proves(proof, 123, List.of("A", "B"))).isFalse();
        assertThat(s3.toString()).doesNotContain("s3");
    }

    @Test
    void oneSignatureServesManyThreadsAtOnce() throws Exception {
        PushSignature shared = new PushSignature("a-secret-of-enough-length");
        String expected = new PushSignature("a-secret-of-enough-length").sign(42, "body".getBytes(StandardCharsets.UTF_8));
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            List<java.util.concurrent.Future<Boolean>> all = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                all.add(pool.submit(() -> {
                    boolean same = true;
                    for (int i = 0; i < 5_000; i++) {
                        same &= shared.sign(42, "body".getBytes(StandardCharsets.UTF_8)).equals(expected);
                        same &= shared.proves(shared.prove(7, List.of("m" + i)), 7, List.of("m" + i));
                    }
                    return same;
                }));
            }
            for (var f : all) {
                assertThat(f.get()).isTrue();
            }
        }
    }
}
