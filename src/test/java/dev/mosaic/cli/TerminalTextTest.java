package dev.mosaic.cli;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever an agent writes, nothing a terminal acts on survives; ordinary text is left as it is. */
class TerminalTextTest {
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f]");

    @Property
    void nothingATerminalActsOnSurvives(@ForAll("hostile") String text) {
        assertThat(CONTROL.matcher(TerminalText.clean(text)).find()).as("%s", text.chars().boxed().toList())
                .isFalse();
    }

    @Property
    void ordinaryTextIsUnchanged(@ForAll("ordinary") String text) {
        assertThat(TerminalText.clean(text)).isEqualTo(text);
    }

    /** Mostly the pieces of control sequences, so the generator builds broken and nested ones too. */
    @Provide
    Arbitrary<String> hostile() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("\u001b\u009b\u009d\u0090\u009c\u0007[]P\\^_X;0123456789Jm\n\tab")
                        .ofMaxLength(200),
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(200),
                Arbitraries.strings().all().ofMaxLength(200));
    }

    @Provide
    Arbitrary<String> ordinary() {
        return Arbitraries.strings().all().ofMaxLength(200)
                .filter(s -> !CONTROL.matcher(s).find());
    }
}
