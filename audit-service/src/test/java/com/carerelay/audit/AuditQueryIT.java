package com.carerelay.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.carerelay.events.DeliveryStatusChanged;
import com.carerelay.events.EventEnvelope;
import com.carerelay.testing.Http;
import com.carerelay.testing.TestTokens;
import com.carerelay.testing.TopicWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Who may read a log, how it pages, and that reading it is itself logged. */
class AuditQueryIT extends AuditIntegrationTest {

    Practice practice;
    UUID dana;
    UUID alex;
    UUID ana;
    String alexToken;

    @BeforeEach
    void givenAClientWithSomeHistory() {
        practice = newPractice();
        dana = practice.staff("Dana", "Reyes", "message:send");
        alex = practice.staff("Alex", "Auditor", "audit:read");
        ana = practice.client("Ana", "Lima");
        alexToken = practice.auditor(alex);
    }

    @Test
    void pagesAClientsLogNewestFirstWithACursor() {
        List<EventEnvelope.Outgoing> events = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            events.add(practice.sent(UUID.randomUUID(), dana, "Dana Reyes", List.of(ana), List.of()));
        }
        TopicWriter.publish(kafka(), events.toArray(EventEnvelope.Outgoing[]::new));
        awaitEntries(practice.id, 14);

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = page("/api/v1/audit/clients/" + ana + "/entries?action=message.received&limit=3"
                    + (cursor == null ? "" : "&cursor=" + cursor), alexToken);
            List<JsonNode> entries = list(page.get("entries"));
            pageSizes.add(entries.size());
            entries.forEach(entry -> seen.add(entry.get("occurredAt").asString() + " " + entry.get("id").asLong()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
        } while (cursor != null);

        assertThat(pageSizes).containsExactly(3, 3, 1);
        assertThat(seen).hasSize(7).doesNotHaveDuplicates();
        List<String> newestFirst = new ArrayList<>(seen);
        newestFirst.sort((a, b) -> {
            String[] x = a.split(" ");
            String[] y = b.split(" ");
            int byTime = java.time.Instant.parse(y[0]).compareTo(java.time.Instant.parse(x[0]));
            return byTime != 0 ? byTime : Long.compare(Long.parseLong(y[1]), Long.parseLong(x[1]));
        });
        assertThat(seen).isEqualTo(newestFirst);
    }

    @Test
    void filtersByTimeRangeActorAndMessage() {
        UUID messageId = UUID.randomUUID();
        TopicWriter.publish(kafka(), practice.sent(messageId, dana, "Dana Reyes", List.of(ana), List.of()));
        awaitEntries(practice.id, 2);
        String occurredAt = page("/api/v1/audit/clients/" + ana + "/entries", alexToken).get("entries").get(0)
                .get("occurredAt").asString();
        java.time.Instant at = java.time.Instant.parse(occurredAt);

        assertThat(list(page("/api/v1/audit/clients/" + ana + "/entries?from=" + at + "&to=" + at.plusSeconds(1)
                + "&action=message.received", alexToken).get("entries"))).hasSize(1);
        assertThat(list(page("/api/v1/audit/clients/" + ana + "/entries?to=" + at + "&action=message.received",
                alexToken).get("entries"))).isEmpty();
        assertThat(list(page("/api/v1/audit/clients/" + ana + "/entries?actorId=" + dana + "&messageId=" + messageId,
                alexToken).get("entries"))).extracting(e -> e.get("action").asString()).containsExactly("message.received");
        assertThat(list(page("/api/v1/audit/clients/" + ana + "/entries?actorId=" + UUID.randomUUID()
                + "&action=message.received", alexToken).get("entries"))).isEmpty();
    }

    @Test
    void everyQueryIsItselfLoggedWithWhoLookedAtWhoseHistory() {
        TopicWriter.publish(kafka(), practice.sent(UUID.randomUUID(), dana, "Dana Reyes", List.of(ana), List.of()));
        awaitEntries(practice.id, 2);

        page("/api/v1/audit/clients/" + ana + "/entries?channel=email", alexToken);

        JsonNode logged = page("/api/v1/audit/clients/" + ana + "/entries?action=audit.queried", alexToken).get("entries");
        assertThat(list(logged)).hasSize(1); // the query that found it is logged after it answers
        JsonNode entry = logged.get(0);
        assertThat(entry.get("actor").get("id").asString()).isEqualTo(alex.toString());
        assertThat(entry.get("actor").get("name").asString()).isEqualTo("Alex Auditor");
        assertThat(entry.get("subject").get("id").asString()).isEqualTo(ana.toString());
        assertThat(entry.get("detail").asString()).contains("channel=email").contains("returned=0");
        assertThat(entry.get("hash").asString()).hasSize(64);
        assertThat(jdbc.queryForObject("""
                select count(*) from audit_entry where practice_id = ? and action = 'audit.queried' and subject_id = ?""",
                Long.class, practice.id, ana)).isEqualTo(2);
    }

    @Test
    void refusesWithoutAToken() {
        Http.Response response = http().get("/api/v1/audit/clients/" + ana + "/entries", null);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.isProblem()).isTrue();
    }

    @Test
    void anAuditorStrippedOfAuditReadInTheDirectoryIsRefusedBeforeTheTokenExpires() {
        assertThat(http().get("/api/v1/audit/clients/" + ana + "/entries", alexToken).status()).isEqualTo(200);

        practice.changeStaff(alex, "Alex", "Auditor", 2, List.of()); // the directory now grants Alex no permission

        for (String path : List.of("/api/v1/audit/clients/" + ana + "/entries", "/api/v1/audit/verify",
                "/api/v1/audit/completeness")) {
            Http.Response refused = http().get(path, alexToken);
            assertThat(refused.status()).as(path).isEqualTo(403);
            assertThat(refused.json().get("detail").asString()).contains("audit:read");
        }
    }

    @Test
    void refusesStaffWithoutAuditReadAndClients() {
        for (String token : List.of(practice.token(dana, "message:send"), TestTokens.client(ana, practice.id))) {
            Http.Response response = http().get("/api/v1/audit/clients/" + ana + "/entries", token);
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.isProblem()).isTrue();
            assertThat(response.json().get("detail").asString()).contains("audit:read");
        }
        assertThat(http().get("/api/v1/audit/verify", practice.token(dana)).status()).isEqualTo(403);
    }

    @Test
    void anotherPracticesClientOrStaffAnswers404() {
        TopicWriter.publish(kafka(), practice.sent(UUID.randomUUID(), dana, "Dana Reyes", List.of(ana), List.of()));
        awaitEntries(practice.id, 2);
        Practice other = newPractice();
        String outsider = other.auditor(other.staff("Olive", "Outsider", "audit:read"));
        for (String path : List.of("/api/v1/audit/clients/" + ana + "/entries", "/api/v1/audit/staff/" + dana + "/entries",
                "/api/v1/audit/clients/" + UUID.randomUUID() + "/entries", "/api/v1/audit/staff/" + ana + "/entries")) {
            Http.Response response = http().get(path, path.contains("/staff/" + ana) ? alexToken : outsider);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.isProblem()).isTrue();
        }
        assertThat(entries(other.id)).isZero();
    }

    @Test
    void refusesABadCursorLimitOrDateNamingTheField() {
        for (String[] bad : new String[][]{{"cursor=bm9wZQ", "cursor"}, {"limit=0", "limit"}, {"limit=501", "limit"},
                {"from=yesterday", "from"}, {"messageId=42", "messageId"}}) {
            Http.Response response = http().get("/api/v1/audit/clients/" + ana + "/entries?" + bad[0], alexToken);
            assertThat(response.status()).as(bad[0]).isEqualTo(400);
            assertThat(response.isProblem()).isTrue();
            assertThat(response.json().get("detail").asString()).contains(bad[1]);
        }
    }

    @Test
    void aDeliveryFailureCanBeFoundByOutcome() {
        UUID messageId = UUID.randomUUID();
        TopicWriter.publish(kafka(), practice.sent(messageId, dana, "Dana Reyes", List.of(ana), List.of()),
                practice.status(messageId, dana, ana, DeliveryStatusChanged.Channel.push,
                        DeliveryStatusChanged.Status.failed, "subscription expired"));
        awaitEntries(practice.id, 3);
        JsonNode failures = page("/api/v1/audit/clients/" + ana + "/entries?outcome=failure&channel=push", alexToken);
        assertThat(list(failures.get("entries"))).singleElement()
                .satisfies(entry -> assertThat(entry.get("reason").asString()).isEqualTo("subscription expired"));
        assertThat(failures.get("nextCursor").isNull()).isTrue();
    }
}
