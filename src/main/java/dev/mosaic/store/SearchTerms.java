package dev.mosaic.store;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A search query as plain words: runs of letters and digits, everything else (quotes, operators, brackets, stars)
 * taken as a space. Neither engine ever sees the user's syntax, so no query can make it fail; a message matches when
 * it holds every word.
 */
public record SearchTerms(List<String> words) {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    /** More words than anybody types; a bound on the work one query can ask for. */
    private static final int MAX_WORDS = 32;

    public SearchTerms {
        words = List.copyOf(words);
    }

    public static SearchTerms of(String query) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(query == null ? "" : query);
        while (m.find() && words.size() < MAX_WORDS) {
            words.add(m.group());
        }
        return new SearchTerms(words);
    }

    public boolean isEmpty() {
        return words.isEmpty();
    }
}
