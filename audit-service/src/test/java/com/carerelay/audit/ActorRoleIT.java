package com.carerelay.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.carerelay.audit.log.EntryHash;
import com.carerelay.events.Actor;
import com.carerelay.events.DeliveryStatusChanged;
import com.carerelay.events.PrincipalKind;
import com.carerelay.testing.Http;
import com.carerelay.testing.TopicWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.ConnectionCallback;
import tools.jackson.databind.JsonNode;

/**
 * Issue #6: each entry records the actor's role at the time of the action (from the event, else the
 * directory replica), it shows in the log, the CSV and the FHIR export, and the hash chain covers it
 * (version 2 entries), while entries written before (version 1) keep verifying.
 */
class ActorRoleIT extends AuditIntegrationTest {

    Practice practice;
    UUID dana;
    UUID ana;
    String token;

    @BeforeEach
    void givenAClinicianAClientAndAComplianceAuditor() {
        practice = newPractice();
        dana = practice.staffWithRoles("Dana", "Reyes", List.of("message:send"), "clinician");
        ana = practice.client("Ana", "Lima");
        token = practice.auditor(practice.staffWithRoles("Alex", "Auditor", List.of("audit:read"), "compliance", "admin"));
    }

    @Test
    void theRoleAtTheTimeIsRecordedAndShownInTheLogTheCsvAndTheFhirExport() {
        UUID messageId = UUID.randomUUID();
        TopicWriter.publish(kafka(), practice.sent(messageId,
                new Actor(dana, PrincipalKind.staff, "Dana Reyes", List.of("clinician")), List.of(ana)));
        awaitEntries(practice.id, 2);
        // the delivery event carries no roles: they come from the replica
        TopicWriter.publish(kafka(), practice.status(messageId, dana, ana, DeliveryStatusChanged.Channel.email,
                DeliveryStatusChanged.Status.delivered, null));
        awaitEntries(practice.id, 3);
        assertThat(roles("message.sent", "message.received", "delivery.delivered"))
                .containsExactly("clinician", "clinician", "clinician");

        // Dana becomes admin and compliance: later entries say so, earlier ones keep what was true then
        practice.changeStaff(dana, "Dana", "Reyes", 2, List.of("message:send"), "compliance", "admin");
        TopicWriter.publish(kafka(), practice.status(messageId, dana, ana, DeliveryStatusChanged.Channel.in_app,
                DeliveryStatusChanged.Status.read, null));
        awaitEntries(practice.id, 4);
        assertThat(roles("message.sent", "message.received", "delivery.delivered", "delivery.read"))
                .containsExactly("clinician", "clinician", "clinician", "admin,compliance");
        assertThat(jdbc.queryForList("select distinct canonical_version from audit_entry where practice_id = ?",
                Integer.class, practice.id)).containsExactly(2);

        // the client's log through the API
        List<JsonNode> entries = list(page("/api/v1/audit/clients/" + ana + "/entries", token).get("entries"));
        Map<String, String> byAction = entries.stream().collect(Collectors.toMap(
                e -> e.get("action").asString(), e -> text(e.get("actorRole"))));
        assertThat(byAction).containsEntry("message.received", "clinician")
                .containsEntry("delivery.delivered", "clinician")
                .containsEntry("delivery.read", "admin,compliance");

        // CSV: actor_role right after actor_name; the export entry carries the auditor's roles
        Http.Response csv = http().get("/api/v1/audit/clients/" + ana + "/export/csv", token);
        assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
        List<String> lines = Arrays.asList(csv.body().split("\r\n"));
        assertThat(lines.getFirst()).contains(",actor_kind,actor_name,actor_role,subject_id,");
        assertThat(lines).filteredOn(line -> line.contains(",message.received,")).singleElement()
                .satisfies(line -> assertThat(line).contains(",staff,Dana Reyes,clinician," + ana + ",client,"));
        assertThat(lines).filteredOn(line -> line.contains(",delivery.read,")).singleElement()
                .satisfies(line -> assertThat(line).contains(",Dana Reyes,\"admin,compliance\","));
        assertThat(lines.getLast()).contains(",audit.exported,").contains(",Alex Auditor,\"admin,compliance\",");

        // FHIR: AuditEvent.agent.role
        Http.Response fhir = http().get("/api/v1/audit/clients/" + ana + "/export/fhir", token);
        assertThat(fhir.status()).as(fhir.toString()).isEqualTo(200);
        List<AuditEvent> events = FhirContext.forR4().newJsonParser().parseResource(Bundle.class, fhir.body())
                .getEntry().stream().map(entry -> (AuditEvent) entry.getResource()).toList();
        assertThat(agentRoles(events, "message.received")).containsExactly("clinician");
        assertThat(agentRoles(events, "delivery.delivered")).containsExactly("clinician");
        assertThat(agentRoles(events, "delivery.read")).containsExactly("admin", "compliance");

        assertThat(page("/api/v1/audit/verify", token).get("ok").asBoolean()).isTrue();
    }

    @Test
    void theEventsRolesWinAndWithoutThemTheReplicaAnswersWhileClientsHaveNone() {
        UUID withRoles = UUID.randomUUID();
        UUID withoutRoles = UUID.randomUUID();
        TopicWriter.publish(kafka(),
                // messaging-service's roles at sending time win over the replica's (sorted, distinct)
                practice.sent(withRoles, new Actor(dana, PrincipalKind.staff, "Dana Reyes",
                        List.of("front_desk", "admin", "admin")), List.of(ana)),
                // an event from before roles were carried: the replica's
                practice.sent(withoutRoles, new Actor(dana, PrincipalKind.staff, "Dana Reyes"), List.of(ana)),
                practice.read(withRoles, dana, ana, "Ana Lima"));
        awaitEntries(practice.id, 6);

        assertThat(jdbc.queryForList("""
                select message_id || ' ' || action || ' ' || coalesce(actor_role, '-') from audit_entry
                where practice_id = ?""", String.class, practice.id)).containsExactlyInAnyOrder(
                withRoles + " message.sent admin,front_desk",
                withRoles + " message.received admin,front_desk",
                withoutRoles + " message.sent clinician",
                withoutRoles + " message.received clinician",
                withRoles + " message.read -",
                withRoles + " message.read -");
    }

    @Test
    void aChainOfVersion1EntriesThenVersion2EntriesVerifiesAndATamperedRoleIsFoundAtThatRow() {
        // two entries written before actor roles were recorded (canonical version 1, the column default)
        byte[] running = EntryHash.GENESIS;
        Instant at = Instant.now().minusSeconds(3600).truncatedTo(ChronoUnit.MICROS);
        for (int seq = 1; seq <= 2; seq++) {
            var fields = new EntryHash.Fields(practice.id, seq, at, at, dana, "staff", "Dana Reyes", null,
                    "message.received", ana, "client", UUID.randomUUID(), null, "success", null, sha256Of("old"),
                    null, "old-event-" + seq + "-" + practice.id, "carerelay.message.sent.v1", 1);
            byte[] hash = EntryHash.hash(running, fields);
            jdbc.update("""
                    insert into audit_entry (practice_id, chain_seq, occurred_at, recorded_at, actor_id, actor_kind,
                        actor_name, action, subject_id, subject_kind, message_id, channel, outcome, reason, content_sha256,
                        detail, event_id, event_type, prev_hash, hash)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    fields.practiceId(), fields.chainSeq(), at.atOffset(ZoneOffset.UTC), at.atOffset(ZoneOffset.UTC),
                    dana, "staff", "Dana Reyes", fields.action(), ana, "client", fields.messageId(), null, "success",
                    null, fields.contentSha256(), null, fields.eventId(), fields.eventType(), running, hash);
            running = hash;
        }
        jdbc.update("insert into chain_head (practice_id, last_seq, last_hash) values (?, 2, ?)", practice.id, running);
        assertThat(jdbc.queryForList("select canonical_version from audit_entry where practice_id = ? order by chain_seq",
                Integer.class, practice.id)).containsExactly(1, 1);

        UUID messageId = UUID.randomUUID();
        TopicWriter.publish(kafka(), practice.sent(messageId,
                new Actor(dana, PrincipalKind.staff, "Dana Reyes", List.of("clinician")), List.of(ana)));
        awaitEntries(practice.id, 4);
        assertThat(jdbc.queryForList("""
                select chain_seq || ':' || canonical_version || ':' || coalesce(actor_role, '-') from audit_entry
                where practice_id = ? order by chain_seq""", String.class, practice.id))
                .containsExactly("1:1:-", "2:1:-", "3:2:clinician", "4:2:clinician");

        JsonNode mixed = page("/api/v1/audit/verify", token);
        assertThat(mixed.get("ok").asBoolean()).as(mixed.toString()).isTrue();
        assertThat(mixed.get("entriesChecked").asLong()).isEqualTo(4);

        // a role changed directly in the database is found at exactly that row
        long fourth = idAt(4);
        bypassingTheAppendOnlyTrigger("update audit_entry set actor_role = 'admin' where id = " + fourth);
        assertMismatchAt(fourth, 4);
        bypassingTheAppendOnlyTrigger("update audit_entry set actor_role = 'clinician' where id = " + fourth);
        assertThat(page("/api/v1/audit/verify", token).get("ok").asBoolean()).isTrue();

        // so is a version 1 row given a role, and a row whose canonical version was changed
        long second = idAt(2);
        bypassingTheAppendOnlyTrigger("update audit_entry set actor_role = 'admin' where id = " + second);
        assertMismatchAt(second, 2);
        bypassingTheAppendOnlyTrigger("update audit_entry set actor_role = null, canonical_version = 2 where id = " + second);
        assertMismatchAt(second, 2);
        bypassingTheAppendOnlyTrigger("update audit_entry set canonical_version = 1 where id = " + second);
        assertThat(page("/api/v1/audit/verify", token).get("ok").asBoolean()).isTrue();
        long third = idAt(3);
        bypassingTheAppendOnlyTrigger("update audit_entry set actor_role = null, canonical_version = 1 where id = " + third);
        assertMismatchAt(third, 3);
    }

    private long idAt(long chainSeq) {
        return jdbc.queryForObject("select id from audit_entry where practice_id = ? and chain_seq = ?", Long.class,
                practice.id, chainSeq);
    }

    private void assertMismatchAt(long entryId, long chainSeq) {
        JsonNode result = page("/api/v1/audit/verify", token);
        assertThat(result.get("ok").asBoolean()).as(result.toString()).isFalse();
        assertThat(result.get("firstMismatch").get("entryId").asLong()).isEqualTo(entryId);
        assertThat(result.get("firstMismatch").get("chainSeq").asLong()).isEqualTo(chainSeq);
        assertThat(result.get("firstMismatch").get("problem").asString()).contains("content does not match");
        assertThat(result.get("entriesChecked").asLong()).isEqualTo(chainSeq - 1);
    }

    /** The actor_role of the practice's entry with each action, in the order asked (null as "-"). */
    private List<String> roles(String... actions) {
        return Arrays.stream(actions).map(action -> jdbc.queryForObject("""
                select coalesce(actor_role, '-') from audit_entry where practice_id = ? and action = ?""",
                String.class, practice.id, action)).toList();
    }

    private static List<String> agentRoles(List<AuditEvent> events, String action) {
        return events.stream().filter(e -> e.getSubtypeFirstRep().getCode().equals(action)).findFirst().orElseThrow()
                .getAgentFirstRep().getRole().stream().map(CodeableConcept::getText).toList();
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asString();
    }

    /** What someone with superuser access could do: switch triggers off for their session and change rows. */
    private void bypassingTheAppendOnlyTrigger(String sql) {
        superuser.execute((ConnectionCallback<Void>) connection -> {
            try (var statement = connection.createStatement()) {
                statement.execute("set session_replication_role = replica");
                try {
                    statement.execute(sql);
                } finally {
                    statement.execute("set session_replication_role = origin");
                }
            }
            return null;
        });
    }
}
