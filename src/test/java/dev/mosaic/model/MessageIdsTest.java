package dev.mosaic.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MessageIdsTest {
    @Test
    void idsAreUniqueAndSortInTheOrderTheyWereMade() {
        MessageIds ids = new MessageIds();
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            made.add(ids.next());
        }
        assertThat(new HashSet<>(made)).hasSize(made.size());
        assertThat(made).isSorted();
        assertThat(made.getFirst()).hasSize(26).matches("[0-9A-HJKMNP-TV-Z]{26}");
    }
}
