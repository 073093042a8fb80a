package com.carerelay.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.carerelay.events.DeliveryStatusChanged;
import com.carerelay.testing.Http;
import com.carerelay.testing.TopicWriter;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CSV and FHIR R4 exports of a client's log, for a time range; each export is itself logged. */
class ExportIT extends AuditIntegrationTest {

    Practice practice;
    UUID dana;
    UUID ana;
    UUID ben;
    UUID firstMessage;
    String token;
    Instant before;

    @BeforeEach
    void givenAClientWithDeliveriesAndAFailure() {
        practice = newPractice();
        dana = practice.staff("Dana", "Reyes, LCSW", "message:send");
        ana = practice.client("Ana", "Lima");
        ben = practice.client("Ben", "Cruz");
        token = practice.auditor(practice.staff("Alex", "Auditor", "audit:read"));
        before = Instant.now().minusSeconds(60);
        firstMessage = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        TopicWriter.publish(kafka(), practice.sent(firstMessage, dana, "Dana Reyes, LCSW", List.of(ana, ben), List.of()),
                practice.sent(second, dana, "Dana Reyes, LCSW", List.of(ana), List.of()),
                practice.status(second, dana, ana, DeliveryStatusChanged.Channel.email,
                        DeliveryStatusChanged.Status.failed, "mailbox \"full\""));
        awaitEntries(practice.id, 6);
    }

    @Test
    void exportsAClientsLogAsCsvOldestFirst() {
        Http.Response response = http().get("/api/v1/audit/clients/" + ana + "/export/csv?from=" + before + "&to="
                + Instant.now().plusSeconds(60), token);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/csv");
        List<String> lines = Arrays.asList(response.body().split("\r\n"));
        assertThat(lines.getFirst()).startsWith("id,chain_seq,occurred_at,recorded_at,action,actor_id");
        List<String> rows = lines.subList(1, lines.size());
        // two received messages, the failed delivery, then the export itself (logged before it streamed)
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0)).contains(",message.received,").contains(dana.toString())
                .contains("\"Dana Reyes, LCSW\"").contains(firstMessage.toString());
        assertThat(rows).filteredOn(row -> row.contains("delivery.failed")).singleElement()
                .satisfies(row -> assertThat(row).contains(",failure,\"mailbox \"\"full\"\"\","));
        assertThat(rows.getLast()).contains(",audit.exported,").contains("format=csv");
        assertThat(response.body()).doesNotContain(ben.toString()).doesNotContain("Thursday");
    }

    @Test
    void exportsAFhirR4BundleOfAuditEventsThatHapiParses() {
        Http.Response response = http().get("/api/v1/audit/clients/" + ana + "/export/fhir?from=" + before, token);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/fhir+json");
        Bundle bundle = FhirContext.forR4().newJsonParser().parseResource(Bundle.class, response.body());
        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.COLLECTION);
        List<AuditEvent> events = bundle.getEntry().stream().map(entry -> (AuditEvent) entry.getResource()).toList();
        assertThat(events).hasSize(4);

        AuditEvent received = events.getFirst();
        assertThat(received.getSubtypeFirstRep().getCode()).isEqualTo("message.received");
        assertThat(received.getAction()).isEqualTo(AuditEvent.AuditEventAction.C);
        assertThat(received.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
        assertThat(received.getAgentFirstRep().getWho().getReference()).isEqualTo("Practitioner/" + dana);
        assertThat(received.getAgentFirstRep().getWho().getDisplay()).isEqualTo("Dana Reyes, LCSW");
        assertThat(received.getEntity()).anySatisfy(entity -> {
            assertThat(entity.getWhat().getReference()).isEqualTo("Patient/" + ana);
            assertThat(entity.getRole().getCode()).isEqualTo("1");
        });
        assertThat(received.getEntity()).anySatisfy(entity -> {
            assertThat(entity.getWhat().getIdentifier().getValue()).isEqualTo("urn:uuid:" + firstMessage);
            assertThat(entity.getDetail()).anySatisfy(detail -> {
                assertThat(detail.getType()).isEqualTo("contentSha256");
                assertThat(detail.getValueStringType().getValue()).isEqualTo(sha256Of("Schedule change"));
            });
        });
        assertThat(received.getRecorded()).isNotNull();

        AuditEvent failed = events.stream().filter(e -> e.getSubtypeFirstRep().getCode().equals("delivery.failed"))
                .findFirst().orElseThrow();
        assertThat(failed.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
        assertThat(failed.getOutcomeDesc()).isEqualTo("mailbox \"full\"");
        assertThat(events.getLast().getSubtypeFirstRep().getCode()).isEqualTo("audit.exported");
        assertThat(events.getLast().getType().getCode()).isEqualTo("110106");
    }

    @Test
    void exportsAreRefusedWithoutAuditReadAndForAnotherPractice() {
        assertThat(http().get("/api/v1/audit/clients/" + ana + "/export/csv", practice.token(dana, "message:send"))
                .status()).isEqualTo(403);
        Practice other = newPractice();
        String outsider = other.auditor(other.staff("Olive", "Outsider", "audit:read"));
        Http.Response response = http().get("/api/v1/audit/clients/" + ana + "/export/fhir", outsider);
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.isProblem()).isTrue();
        assertThat(entries(other.id)).isZero();
    }
}
