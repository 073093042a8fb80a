package com.carerelay.audit.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsvExportTest {

    @Test
    void quotesCellsWithCommasQuotesAndLineBreaks() {
        assertThat(CsvExport.cell("Reyes, Dana")).isEqualTo("\"Reyes, Dana\"");
        assertThat(CsvExport.cell("mailbox \"full\"")).isEqualTo("\"mailbox \"\"full\"\"\"");
        assertThat(CsvExport.cell("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(CsvExport.cell("plain")).isEqualTo("plain");
        assertThat(CsvExport.cell(null)).isEmpty();
    }

    @Test
    void defusesCellsASpreadsheetWouldRunAsAFormula() {
        assertThat(CsvExport.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(CsvExport.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(CsvExport.cell(-1L)).isEqualTo("-1");
    }
}
