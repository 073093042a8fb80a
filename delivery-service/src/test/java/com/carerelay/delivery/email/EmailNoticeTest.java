package com.carerelay.delivery.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class EmailNoticeTest {

    private final UUID messageId = UUID.fromString("6f1c2f7e-3b7a-4d1e-9a44-0c6f7f1f2a01");

    @Test
    void isNeutralByDefaultAndLinksToTheMessage() {
        EmailNotice notice = EmailNotice.of(null, null, "https://portal.example/messages/", messageId);

        assertThat(notice.subject()).isEqualTo("You have a new secure message");
        assertThat(notice.senderName()).isNull();
        assertThat(notice.text()).startsWith("You have a new secure message.")
                .contains("https://portal.example/messages/" + messageId).doesNotContain("messages//");
    }

    @Test
    void usesThePracticesOwnSubjectAndSenderName() {
        EmailNotice notice = EmailNotice.of("Your care team wrote to you", "Care Team", "https://portal.example/messages",
                messageId);

        assertThat(notice.subject()).isEqualTo("Your care team wrote to you");
        assertThat(notice.senderName()).isEqualTo("Care Team");
        assertThat(notice.text()).startsWith("You have a new secure message from Care Team.");
    }

    @Test
    void keepsControlCharactersOutOfTheHeaders() {
        EmailNotice notice = EmailNotice.of("Hello\r\nBcc: someone@example.test", " \r\n ", "https://portal.example",
                messageId);

        assertThat(notice.subject()).isEqualTo("Hello Bcc: someone@example.test").doesNotContain("\r").doesNotContain("\n");
        assertThat(notice.senderName()).isNull();
    }
}
