package com.carerelay.messaging.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileNamesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "report.pdf | report.pdf",
            "../../etc/passwd | passwd",
            "C:\\Users\\dana\\lab results.pdf | lab results.pdf",
            ".htaccess | htaccess",
            "a<script>.pdf | ascript.pdf",
            "'   ' | attachment",
            "name\u202Egnp.exe | namegnp.exe",
    })
    void keepsOnlyASafeBaseName(String original, String expected) {
        assertThat(FileNames.sanitize(original)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"250"})
    void shortensLongNamesKeepingTheExtension(int length) {
        String sanitized = FileNames.sanitize("x".repeat(length) + ".pdf");
        assertThat(sanitized).hasSize(200).endsWith(".pdf");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "invoice.pdf.exe | application/pdf | invoice.pdf",
            "report.docx | application/pdf | report.pdf",
            "photo | image/png | photo.png",
            "scan.JPEG | image/jpeg | scan.JPEG",
            "notes.htc | text/plain | notes.txt",
            "data.csv | text/csv | data.csv",
            "letter.pdf | application/vnd.openxmlformats-officedocument.wordprocessingml.document | letter.docx",
    })
    void theNameEndsInTheDetectedTypesExtension(String original, String mediaType, String expected) {
        assertThat(FileNames.forType(original, mediaType)).isEqualTo(expected);
    }
}
