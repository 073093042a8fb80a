package com.carerelay.messaging.attachment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carerelay.platform.web.ApiException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

class ContentRulesTest {

    static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    final ContentRules rules = new ContentRules(properties(false, null));

    @Test
    void officeDocumentsAreTypedFromTheirContainerAndGetTheirOwnExtension() throws IOException {
        assertThat(decide(rules, OfficeFiles.ooxmlWord(OfficeFiles.DOCX_MAIN, false), "letter.pdf")).isEqualTo(DOCX);
        assertThat(FileNames.forType("letter.pdf", DOCX)).isEqualTo("letter.docx");
        assertThat(decide(rules, OfficeFiles.ole("WordDocument"), "old.doc")).isEqualTo("application/msword");
        assertThat(decide(rules, OfficeFiles.ole("Workbook"), "old.doc")).isEqualTo("application/vnd.ms-excel");
    }

    @Test
    void macroEnabledOfficeDocumentsAreRefusedByDefaultNamingTheReason() {
        assertRefused(rules, OfficeFiles.ooxmlWord(OfficeFiles.DOCM_MAIN, true), "plan.docm", "Office documents with macros");
        assertRefused(rules, OfficeFiles.ooxmlWord(OfficeFiles.DOCX_MAIN, true), "plan.docx", "Office documents with macros");
        assertRefused(rules, OfficeFiles.ole("WordDocument", "Macros", "VBA"), "old.doc", "Office documents with macros");
        assertRefused(rules, OfficeFiles.ole("Workbook", "_VBA_PROJECT_CUR"), "old.xls", "Office documents with macros");
    }

    @Test
    void macroDocumentsPassOnlyWhenTheAllowListSaysSo() throws IOException {
        ContentRules allowing = new ContentRules(properties(true, List.of("application/msword",
                "application/vnd.ms-word.document.macroenabled.12")));
        assertThat(decide(allowing, OfficeFiles.ole("WordDocument", "Macros", "VBA"), "old.doc")).isEqualTo("application/msword");
        assertThat(decide(allowing, OfficeFiles.ooxmlWord(OfficeFiles.DOCM_MAIN, true), "plan.docm"))
                .isEqualTo("application/vnd.ms-word.document.macroenabled.12");
    }

    @Test
    void scriptsAndExecutablesAreRefusedNamingTheReason() {
        assertRefused(rules, "#!/bin/sh\nrm -rf ~\n".getBytes(StandardCharsets.US_ASCII), "notes.txt", "scripts");
        assertRefused(rules, "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.US_ASCII), "a.txt", "scripts");
        assertRefused(rules, "function steal() { return document.cookie; }\n".getBytes(StandardCharsets.US_ASCII),
                "tool.js", "scripts");
        assertRefused(rules, "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>x</script></svg>"
                .getBytes(StandardCharsets.US_ASCII), "logo.png", "scripts");
        assertRefused(rules, SampleFiles.executable(), "invoice.pdf", "executable programs");
        assertRefused(rules, "PK\u0003\u0004junk".getBytes(StandardCharsets.ISO_8859_1), "a.docx", "damaged");
    }

    @Test
    void plainTextAndCsvAreAccepted() throws IOException {
        assertThat(decide(rules, "a,b\n1,2\n".getBytes(StandardCharsets.US_ASCII), "data.csv")).isEqualTo("text/csv");
        assertThat(decide(rules, "hello\n".getBytes(StandardCharsets.US_ASCII), "notes")).isEqualTo("text/plain");
    }

    static String decide(ContentRules rules, byte[] content, String name) throws IOException {
        try (StagedUpload staged = StagedUpload.stage(new ByteArrayInputStream(content), DataSize.ofMegabytes(1))) {
            return rules.decide(staged, name);
        }
    }

    static void assertRefused(ContentRules rules, byte[] content, String name, String reason) {
        assertThatThrownBy(() -> decide(rules, content, name)).as(name).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
            assertThat(e.getMessage()).contains(reason);
        });
    }

    static AttachmentProperties properties(boolean allowMacros, List<String> allowedTypes) {
        return new AttachmentProperties(DataSize.ofMegabytes(25), DataSize.ofMegabytes(50),
                new AttachmentProperties.Quota(20, DataSize.ofMegabytes(100)), Duration.ofHours(24), allowedTypes, allowMacros,
                new AttachmentProperties.Clamav(null, 3310, Duration.ofSeconds(5), false));
    }
}
