package com.carerelay.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carerelay.events.Seal;
import com.carerelay.events.DirectoryChanged;
import com.carerelay.events.Topics;
import com.carerelay.testing.Http;
import com.carerelay.testing.RealServers;
import com.carerelay.testing.TestTokens;
import com.carerelay.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PracticeSettingsIT extends DirectoryTestBase {

    /** The development transit key of directory-service.yml, which the tests use (delivery-service holds the same). */
    private static final String TRANSIT_KEY = "Y2FyZXJlbGF5LWRldi1vbmx5LXRyYW5zaXQta2V5ISE=";
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString(
            "another-32-byte-key-for-testing!".getBytes(StandardCharsets.US_ASCII));

    private static final String SETTINGS = """
            {"name":"Harbor Counseling","senderEmail":"care@harbor.example","portalMessagingEnabled":true,
             "directMessagingEnabled":false,"webhookUrl":"https://portal.harbor.example/hooks/carerelay"}""";

    @Test
    void adminChangesNameSenderAndWebhookAndReplicasGetThem() {
        Tenant tenant = newPractice(false, false);

        JsonNode practice = ok(http().put("/api/v1/practice", tenant.admin(), SETTINGS));

        assertThat(practice.get("name").asString()).isEqualTo("Harbor Counseling");
        assertThat(practice.get("senderEmail").asString()).isEqualTo("care@harbor.example");
        assertThat(practice.get("webhookUrl").asString()).isEqualTo("https://portal.harbor.example/hooks/carerelay");
        DirectoryChanged change = change(tenant.id(), c -> "Harbor Counseling".equals(c.practice().name()));
        assertThat(change.practice().webhookUrl()).isEqualTo("https://portal.harbor.example/hooks/carerelay");
        assertThat(change.practice().portalMessagingEnabled()).isTrue();
        assertThat(change.practice().senderEmail()).isEqualTo("care@harbor.example");
    }

    @Test
    void eMailNoticeSubjectAndSenderNameAreNeutralUnlessTheAdminSetsThem() {
        Tenant tenant = newPractice(false, false);
        JsonNode defaults = ok(http().put("/api/v1/practice", tenant.admin(), SETTINGS));
        assertThat(defaults.get("noticeSubject").isNull()).isTrue();
        assertThat(change(tenant.id(), c -> "Harbor Counseling".equals(c.practice().name())).practice().noticeSubject())
                .isNull();

        JsonNode set = ok(http().put("/api/v1/practice", tenant.admin(), SETTINGS.replace("}",
                ",\"noticeSubject\":\"Your care team wrote to you\",\"noticeSenderName\":\"Care Team\"}")));

        assertThat(set.get("noticeSubject").asString()).isEqualTo("Your care team wrote to you");
        assertThat(set.get("noticeSenderName").asString()).isEqualTo("Care Team");
        DirectoryChanged change = change(tenant.id(), c -> "Care Team".equals(c.practice().noticeSenderName()));
        assertThat(change.practice().noticeSubject()).isEqualTo("Your care team wrote to you");
        problem(http().put("/api/v1/practice", tenant.admin(), SETTINGS.replace("}",
                ",\"noticeSubject\":\"Hi\\r\\nBcc: x@example.test\"}")), 400, "noticeSubject");
        assertThat(ok(http().get("/api/v1/practice", tenant.admin())).get("noticeSubject").asString())
                .isEqualTo("Your care team wrote to you");
    }

    @Test
    void rotationKeepsAtMostTwoActiveSecretsAndPublishesExactlyTheActiveOnes() {
        Tenant tenant = newPractice(true, false);
        ok(http().put("/api/v1/practice", tenant.admin(), SETTINGS));

        JsonNode first = created(http().post("/api/v1/practice/webhook-secrets", tenant.admin(), ""));
        String firstValue = first.get("secret").asString();
        assertThat(firstValue).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(firstValue.substring("whsec_".length()))).hasSize(32);

        JsonNode second = created(http().post("/api/v1/practice/webhook-secrets", tenant.admin(), ""));
        String secondValue = second.get("secret").asString();
        assertThat(secondValue).isNotEqualTo(firstValue);

        DirectoryChanged rotating = change(tenant.id(), c -> c.practice().webhookSecretsSealed().size() == 2);
        assertThat(opened(tenant.id(), rotating)).containsExactly(secondValue, firstValue);

        Http.Response third = http().post("/api/v1/practice/webhook-secrets", tenant.admin(), "");
        problem(third, 409, null);
        assertThat(third.json().get("detail").asString()).contains("Retire");

        JsonNode view = ok(http().get("/api/v1/practice", tenant.admin()));
        assertThat(view.get("webhookSecrets").findValuesAsString("id"))
                .containsExactly(second.get("id").asString(), first.get("id").asString());
        assertThat(view.toString()).doesNotContain(firstValue).doesNotContain(secondValue);
        assertThat(view.get("webhookSecrets").get(0).get("hint").asString()).startsWith("whsec_");

        Http.Response retired = http().delete("/api/v1/practice/webhook-secrets/" + first.get("id").asString(), tenant.admin());
        assertThat(retired.status()).as(retired.toString()).isEqualTo(204);
        DirectoryChanged afterRetire = change(tenant.id(), c -> opened(tenant.id(), c).equals(List.of(secondValue)));
        assertThat(afterRetire.practice().webhookUrl()).isNotNull();

        Http.Response lastOne = http().delete("/api/v1/practice/webhook-secrets/" + second.get("id").asString(), tenant.admin());
        problem(lastOne, 409, null);
        assertThat(lastOne.json().get("detail").asString()).contains("only signing secret");
    }

    @Test
    void webhookSecretsOnTheDirectoryTopicAreSealedSoAPlainConsumerCannotReadThem() {
        Tenant tenant = newPractice(true, false);
        ok(http().put("/api/v1/practice", tenant.admin(), SETTINGS));
        String value = created(http().post("/api/v1/practice/webhook-secrets", tenant.admin(), "")).get("secret").asString();
        String key = value.substring("whsec_".length());
        change(tenant.id(), c -> c.practice().webhookSecretsSealed().size() == 1);

        List<TopicReader.Seen> practiceRecords = TopicReader.readAll(RealServers.kafkaBootstrapServers(), Topics.DIRECTORY,
                Duration.ofSeconds(5)).stream().filter(record -> tenant.id().toString().equals(record.key())).toList();
        assertThat(practiceRecords).isNotEmpty();
        for (TopicReader.Seen record : practiceRecords) {
            String wire = new String(record.value(), StandardCharsets.UTF_8) + record.headers();
            assertThat(wire).doesNotContain(value).doesNotContain(key).doesNotContain(key.substring(0, 12));
            assertThat(record.event().payload(DirectoryChanged.class).practice().webhookSecrets()).isEmpty();
        }

        DirectoryChanged latest = change(tenant.id(), c -> c.practice().webhookSecretsSealed().size() == 1);
        String sealed = latest.practice().webhookSecretsSealed().getFirst();
        assertThat(opened(tenant.id(), latest)).as("delivery-service's key opens it").containsExactly(value);
        assertThatThrownBy(() -> new Seal(OTHER_KEY).open(sealed,
                DirectoryChanged.Practice.webhookSecretBinding(tenant.id()))).as("any other key does not")
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new Seal(TRANSIT_KEY).open(sealed,
                DirectoryChanged.Practice.webhookSecretBinding(UUID.randomUUID()))).as("nor copied onto another practice")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void secretsAreSealedAtRest() {
        Tenant tenant = newPractice(true, false);
        String value = created(http().post("/api/v1/practice/webhook-secrets", tenant.admin(), "")).get("secret").asString();

        byte[] stored = jdbc.queryForObject("select secret from practice_webhook_secret where practice_id = ?",
                byte[].class, tenant.id());
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(value.substring(6, 20));
        assertThat(stored.length).isGreaterThan(value.length());
    }

    /** The webhook secrets of a practice record, opened the way delivery-service opens them. */
    private static List<String> opened(UUID practiceId, DirectoryChanged change) {
        Seal seal = new Seal(TRANSIT_KEY);
        return change.practice().webhookSecretsSealed().stream()
                .map(sealed -> seal.open(sealed, DirectoryChanged.Practice.webhookSecretBinding(practiceId))).toList();
    }

    @Test
    void changingSettingsNeedsDirectoryAdminAndAValidHttpsUrl() {
        Tenant tenant = newPractice(true, false);
        String staff = TestTokens.staff(UUID.randomUUID(), tenant.id(), "message:send");

        Http.Response notAdmin = http().put("/api/v1/practice", staff, SETTINGS);
        problem(notAdmin, 403, null);
        assertThat(notAdmin.json().get("detail").asString()).contains("directory:admin");
        problem(http().post("/api/v1/practice/webhook-secrets", staff, ""), 403, null);

        problem(http().put("/api/v1/practice", tenant.admin(), SETTINGS.replace("https://", "http://")), 400, "webhookUrl");
        problem(http().put("/api/v1/practice", tenant.admin(), SETTINGS.replace("care@harbor.example", "not-an-address")),
                400, "senderEmail");
        assertThat(ok(http().get("/api/v1/practice", tenant.admin())).get("name").asString()).startsWith("Practice ");
    }

    @Test
    void anotherPracticesSecretAnswers404() {
        Tenant mine = newPractice(true, false);
        Tenant theirs = newPractice(true, false);
        String theirSecret = created(http().post("/api/v1/practice/webhook-secrets", theirs.admin(), "")).get("id").asString();

        problem(http().delete("/api/v1/practice/webhook-secrets/" + theirSecret, mine.admin()), 404, null);
        assertThat(jdbc.queryForObject("select retired_at is null from practice_webhook_secret where id = ?::uuid",
                Boolean.class, theirSecret)).isTrue();
    }
}
