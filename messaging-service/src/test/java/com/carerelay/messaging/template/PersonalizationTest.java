package com.carerelay.messaging.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carerelay.messaging.directory.DirectoryReplica;
import com.carerelay.platform.web.ApiException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PersonalizationTest {

    final Personalization personalization = new Personalization(new TemplateRenderer());
    final DirectoryReplica.Entry jordan = client("Jordan", "Avery", "Jo");
    final DirectoryReplica.Entry riley = client("Riley", "Chen", null);

    @Test
    void plainTextIsLeftAloneWithoutRendering() {
        Personalization.Rendering rendering = personalization.render("a < b", "x & y", List.of(jordan), "P", "S", Map.of());
        assertThat(rendering.common()).isEqualTo(new Personalization.Content("a < b", "x & y"));
    }

    @Test
    void rendersEachRecipientWithPreferredNameFallingBackToFirstName() {
        Personalization.Rendering rendering = personalization.render("Hi {{preferredName}}", "{{fullName}} at {{practiceName}}",
                List.of(jordan, riley), "Sunrise", "Dana", Map.of());
        assertThat(rendering.perRecipient().get(jordan.id()).subject()).isEqualTo("Hi Jo");
        assertThat(rendering.perRecipient().get(riley.id()).subject()).isEqualTo("Hi Riley");
        assertThat(rendering.perRecipient().get(riley.id()).body()).isEqualTo("Riley Chen at Sunrise");
    }

    @Test
    void messageWideVariablesRenderOnceAsPlainText() {
        Personalization.Rendering rendering = personalization.render("From {{senderName}}", "{{when}} & {{where}}",
                List.of(jordan, riley), "Sunrise", "Dana", Map.of("when", "<now>", "where", "O'Brien's \uD83D\uDE00"));
        assertThat(rendering.common()).isEqualTo(new Personalization.Content("From Dana", "<now> & O'Brien's \uD83D\uDE00"));
    }

    @Test
    void listsEveryVariableWithoutAValue() {
        DirectoryReplica.Entry contact = new DirectoryReplica.Entry(UUID.randomUUID(), UUID.randomUUID(), "direct_contact",
                "Dr. Ruiz", true, null, null, null, null, "r@direct.example", false, null, null);
        assertThatThrownBy(() -> personalization.render("{{time}}", "Dear {{firstName}} {{room}}", List.of(jordan, contact),
                "P", "S", Map.of()))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("time").hasMessageContaining("room").hasMessageContaining("firstName (for Dr. Ruiz)");
    }

    @Test
    void refusesABrokenTemplate() {
        assertThatThrownBy(() -> personalization.render("{{#open}}", "x", List.of(jordan), "P", "S", Map.of()))
                .isInstanceOf(ApiException.class).hasMessageContaining("not a valid template");
    }

    private static DirectoryReplica.Entry client(String first, String last, String preferred) {
        return new DirectoryReplica.Entry(UUID.randomUUID(), UUID.randomUUID(), "client", first + " " + last, true, first,
                last, preferred, "active", null, false, null, null);
    }
}
