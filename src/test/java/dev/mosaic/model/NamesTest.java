package dev.mosaic.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NamesTest {
    @Test
    void acceptsLettersDigitsAndTheFourMarks() {
        assertThat(Names.problem("Alice")).isNull();
        assertThat(Names.problem("agent-2_b.c d")).isNull();
        assertThat(Names.problem("Zoë")).isNull();
        assertThat(Names.problem("x".repeat(64))).isNull();
    }

    @Test
    void refusesWithAReason() {
        assertThat(Names.problem("")).contains("1 to 64");
        assertThat(Names.problem("x".repeat(65))).contains("at most 64");
        assertThat(Names.problem("a/b")).contains("only letters");
        assertThat(Names.problem(" a")).contains("space");
        assertThat(Names.problem("*")).isNotNull();
    }

    @Test
    void comparesIgnoringCase() {
        assertThat(Names.key("BoB")).isEqualTo(Names.key("bob"));
    }
}
