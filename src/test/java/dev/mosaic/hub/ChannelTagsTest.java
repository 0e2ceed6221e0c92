package dev.mosaic.hub;

import org.junit.jupiter.api.Test;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading message ids out of the channel tags of a prompt: pure parsing. */
class ChannelTagsTest {
    private static final String A = "01KB0000000000000000000000";
    private static final String B = "01KB0000000000000000000001";

    @Test
    void readsTheIdOfEachBlockWhateverTheAttributeOrderOrQuotes() {
        String prompt = "<channel source=\"mosaic-channel\" from_name=\"Alice\" message_id=\"" + A + "\" sent_at=\"t\">"
                + "\nhi\n</channel>\n<channel message_id='" + B + "'\n source=mosaic-channel>yo</channel>";
        assertThat(ChannelTags.messageIds(prompt)).containsExactly(A, B);
    }

    @Test
    void decodesEntitiesAndSkipsWhatIsNoChannelTag() {
        assertThat(ChannelTags.messageIds("<channel subject=\"&quot;&lt;x&gt;&amp;\" message_id=\"&#48;1KB\">x"))
                .containsExactly("01KB");
        assertThat(ChannelTags.messageIds("<channels message_id=\"" + A + "\">")).isEmpty();
        assertThat(ChannelTags.messageIds("<channel-x message_id=\"" + A + "\">")).isEmpty();
        assertThat(ChannelTags.messageIds("typed by a human: message_id=\"" + A + "\"")).isEmpty();
        assertThat(ChannelTags.messageIds("<channel message_id=\"" + A)).as("the quote never closes").isEmpty();
        assertThat(ChannelTags.messageIds("<channel message_id=\"" + A + "\"")).as("the tag never closes").isEmpty();
        assertThat(ChannelTags.messageIds("<channel message_id=\"a b\">")).as("no id of the hub's").isEmpty();
        assertThat(ChannelTags.messageIds("")).isEmpty();
    }

    @Test
    void theFirstOfTwoMessageIdsWinsAndRepeatsCountOnce() {
        // An unescaped subject could smuggle a second message_id in after the real one.
        assertThat(ChannelTags.messageIds("<channel message_id=\"" + A + "\" subject=\"x\" message_id=\"" + B + "\">"
                + "</channel><channel message_id=\"" + A + "\">")).containsExactly(A);
    }

    @Test
    void aPromptNamesAtMostAHundredMessages() {
        String prompt = IntStream.range(0, 150).mapToObj(i -> "<channel message_id=\"M" + i + "\">x</channel>")
                .collect(Collectors.joining());
        assertThat(ChannelTags.messageIds(prompt)).hasSize(ChannelTags.MAX_IDS).startsWith("M0", "M1");
    }
}
