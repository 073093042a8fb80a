package com.carerelay.directory.recipient;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SearchTextTest {

    @Test
    void foldsAccentsCaseAndLettersThatDoNotDecompose() {
        assertThat(SearchText.tokens("Zoë", "Ångström")).containsExactly("zoe", "angstrom");
        assertThat(SearchText.tokens("Søren Łukasz Straße")).containsExactly("soren", "lukasz", "strasse");
        assertThat(SearchText.tokens("ＡＢＣ")).containsExactly("abc");
    }

    @Test
    void wordsWithInnerPunctuationGiveTheirPartsAndTheirJoinedForm() {
        assertThat(SearchText.tokens("Danielle", "O'Brien")).containsExactly("danielle", "o", "brien", "obrien");
        assertThat(SearchText.tokens("Hale-Moore")).containsExactly("hale", "moore", "halemoore");
        assertThat(SearchText.queryWords("O'Bri  hale-mo")).containsExactly("obri", "halemo");
    }

    @Test
    void keepsNonLatinLettersAndDropsDuplicatesAndEmptyParts() {
        assertThat(SearchText.tokens("Иван", "иван", null, " - ")).containsExactly("иван");
        assertThat(SearchText.queryWords(" '' -- ")).isEmpty();
    }

    @Test
    void indexesAtMostMaxTokensPerEntry() {
        assertThat(SearchText.tokens("a b c d e f g h i j k")).hasSize(SearchText.MAX_TOKENS);
    }

    @Test
    void searchTextAndSortKeyAreBuiltFromFoldedParts() {
        assertThat(SearchText.searchText(SearchText.tokens("Dana Reyes"))).isEqualTo(" dana reyes");
        assertThat(SearchText.sortKey("Zoë Ångström-Núñez")).isEqualTo("zoe angstrom nunez");
    }

    @Test
    void upperBoundIsTheFirstStringPastEveryExtensionOfThePrefix() {
        assertThat(SearchText.upperBound("dan")).isEqualTo("dao");
        assertThat(SearchText.upperBound("z")).isEqualTo("{");
        assertThat("danzzzz".compareTo(SearchText.upperBound("dan"))).isNegative();
        assertThat(SearchText.upperBound("a\uD7FF")).isEqualTo("a\uE000");
    }
}
