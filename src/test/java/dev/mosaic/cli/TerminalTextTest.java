package dev.mosaic.cli;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever an agent writes, nothing a terminal acts on survives; ordinary text is left as it is. */
class TerminalTextTest {
    /** What a terminal acts on: controls, and the bidi overrides and isolates that reorder what is shown (Trojan Source). */
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069]");

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
                Arbitraries.strings().withChars("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069abc \u05d0\u0627")
                        .ofMaxLength(200),
                Arbitraries.strings().all().ofMaxLength(200));
    }

    @Example
    void aRightToLeftOverrideCannotDisguiseACommand() {
        // "rm -rf ~ #" shown reversed behind U+202E would read as something harmless.
        assertThat(TerminalText.clean("run \u202e# ~ fr- mr\u202c please")).isEqualTo("run # ~ fr- mr please");
        assertThat(TerminalText.clean("\u2067isolated\u2069 \u05e9\u05dc\u05d5\u05dd")).isEqualTo("isolated \u05e9\u05dc\u05d5\u05dd");
    }

    @Provide
    Arbitrary<String> ordinary() {
        return Arbitraries.strings().all().ofMaxLength(200)
                .filter(s -> !CONTROL.matcher(s).find());
    }
}
