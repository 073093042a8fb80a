package com.carerelay.delivery.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class EmailNoticeTest {

    private final UUID messageId = UUID.fromString("6f1c2f7e-3b7a-4d1e-9a44-0c6f7f1f2a01");

    @Test
    void namesOnlyThePracticeAndLinksToTheMessage() {
        EmailNotice notice = EmailNotice.of("Sunrise Counseling", "https://portal.example/messages", messageId);

        assertThat(notice.subject()).isEqualTo("New secure message from Sunrise Counseling");
        assertThat(notice.text()).startsWith("You have a new secure message from Sunrise Counseling.")
                .contains("https://portal.example/messages/" + messageId);
    }

    @Test
    void fallsBackToANeutralNameWhenThePracticeIsUnknown() {
        EmailNotice notice = EmailNotice.of(null, "https://portal.example/messages/", messageId);

        assertThat(notice.subject()).isEqualTo("New secure message from your care team");
        assertThat(notice.text()).contains("https://portal.example/messages/" + messageId)
                .doesNotContain("messages//");
    }

    @Test
    void keepsControlCharactersOutOfTheSubject() {
        EmailNotice notice = EmailNotice.of("Sunrise\r\nBcc: someone@example.test", "https://portal.example", messageId);

        assertThat(notice.subject()).isEqualTo("New secure message from Sunrise Bcc: someone@example.test")
                .doesNotContain("\r").doesNotContain("\n");
    }
}
