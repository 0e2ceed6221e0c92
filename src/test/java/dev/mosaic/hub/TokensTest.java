package dev.mosaic.hub;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class TokensTest {
    private static final String ABC_SHA_256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void aTokenIsKeptAsItsSha256InHex() {
        assertThat(Tokens.hash("abc")).isEqualTo(ABC_SHA_256);
        assertThat(Tokens.hash("abc")).isEqualTo(ABC_SHA_256); // a second call starts from a fresh digest
    }

    @Test
    void threadsHashingAtOnceEachGetTheirOwnTokensHash() throws Exception {
        Tokens tokens = new Tokens();
        List<String> secrets = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            String t = tokens.newToken();
            secrets.add(t);
            expected.add(Tokens.hash(t));
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Boolean>> runs = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                runs.add(pool.submit(() -> {
                    for (int round = 0; round < 500; round++) {
                        for (int i = 0; i < secrets.size(); i++) {
                            if (!Tokens.hash(secrets.get(i)).equals(expected.get(i))) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> run : runs) {
                assertThat(run.get()).isTrue();
            }
        }
        assertThat(expected).doesNotHaveDuplicates().allMatch(h -> h.matches("[0-9a-f]{64}"));
    }
}
