package com.carerelay.directory.recipient;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one normalization of names for the recipient typeahead, used both when an entry is indexed and
 * when a query arrives: accents removed (NFKD, combining marks dropped, a few letters that do not
 * decompose mapped), lower case, and only letters and digits kept. Done in Java rather than with
 * PostgreSQL's {@code unaccent} so the index column is plain text with a C collation, whose btree
 * answers prefix ranges and the ranking order from the same index.
 *
 * <p>A name is split into words at white space; a word with inner punctuation ("O'Brien",
 * "Hale-Moore") gives its parts and their joined form, so both "brien" and "obrien" find it.
 */
public final class SearchText {

    /** At most this many name parts per entry are indexed (the typeahead query relies on the bound). */
    public static final int MAX_TOKENS = 8;

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private SearchText() {
    }

    /** Accents off, lower case; punctuation and white space are kept for the callers to split on. */
    static String fold(String text) {
        String decomposed = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFKD)).replaceAll("");
        StringBuilder folded = new StringBuilder(decomposed.length());
        decomposed.toLowerCase(Locale.ROOT).codePoints().forEach(c -> folded.append(switch (c) {
            case 'ß' -> "ss";
            case 'æ' -> "ae";
            case 'œ' -> "oe";
            case 'ø' -> "o";
            case 'đ', 'ð' -> "d";
            case 'ł' -> "l";
            case 'þ' -> "th";
            case 'ı' -> "i";
            default -> Character.toString(c);
        }));
        return folded.toString();
    }

    /** The indexed name parts of an entry's names, in order, without duplicates, at most {@link #MAX_TOKENS}. */
    public static List<String> tokens(String... names) {
        Set<String> tokens = new LinkedHashSet<>();
        for (String name : names) {
            if (name == null) {
                continue;
            }
            for (String word : WHITESPACE.split(fold(name))) {
                List<String> parts = parts(word);
                tokens.addAll(parts);
                if (parts.size() > 1) {
                    tokens.add(String.join("", parts));
                }
            }
        }
        return tokens.stream().limit(MAX_TOKENS).toList();
    }

    /** The words of a query, each folded and with inner punctuation dropped ("o'br" becomes "obr"). */
    public static List<String> queryWords(String query) {
        List<String> words = new ArrayList<>();
        for (String word : WHITESPACE.split(fold(query))) {
            String joined = String.join("", parts(word));
            if (!joined.isEmpty() && !words.contains(joined)) {
                words.add(joined);
            }
        }
        return words;
    }

    /** What the index stores to check the query's other words: every name part, each preceded by a space. */
    public static String searchText(List<String> tokens) {
        StringBuilder text = new StringBuilder();
        tokens.forEach(token -> text.append(' ').append(token));
        return text.toString();
    }

    /** The tie-breaking order of entries with the same matched name part: their folded display name. */
    public static String sortKey(String displayName) {
        return String.join(" ", parts(fold(displayName)));
    }

    /** The smallest string greater than every string starting with {@code prefix}, in code point (C collation) order. */
    public static String upperBound(String prefix) {
        int last = prefix.codePointBefore(prefix.length());
        int next = last + 1 >= Character.MIN_SURROGATE && last + 1 <= Character.MAX_SURROGATE ? 0xE000 : last + 1;
        return prefix.substring(0, prefix.length() - Character.charCount(last)) + Character.toString(next);
    }

    private static List<String> parts(String word) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        word.codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c)) {
                part.appendCodePoint(c);
            } else if (!part.isEmpty()) {
                parts.add(part.toString());
                part.setLength(0);
            }
        });
        if (!part.isEmpty()) {
            parts.add(part.toString());
        }
        return parts;
    }
}
