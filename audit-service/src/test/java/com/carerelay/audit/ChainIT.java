package com.carerelay.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carerelay.events.DeliveryStatusChanged;
import com.carerelay.testing.TopicWriter;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import tools.jackson.databind.JsonNode;

/** The hash chain finds a tampered row exactly, and the database refuses to change or remove entries. */
class ChainIT extends AuditIntegrationTest {

    Practice practice;
    UUID dana;
    UUID ana;
    UUID ben;
    String token;

    @BeforeEach
    void givenAPracticeWithALog() {
        practice = newPractice();
        dana = practice.staff("Dana", "Reyes", "message:send");
        ana = practice.client("Ana", "Lima");
        ben = practice.client("Ben", "Cruz");
        token = practice.auditor(practice.staff("Alex", "Auditor", "audit:read"));
        for (int i = 0; i < 3; i++) {
            UUID messageId = UUID.randomUUID();
            TopicWriter.publish(kafka(), practice.sent(messageId, dana, "Dana Reyes", List.of(ana, ben), List.of()),
                    practice.status(messageId, dana, ana, DeliveryStatusChanged.Channel.email,
                            DeliveryStatusChanged.Status.delivered, null));
        }
        awaitEntries(practice.id, 12);
    }

    @Test
    void anUntouchedChainVerifies() {
        JsonNode result = page("/api/v1/audit/verify", token);
        assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.get("entriesChecked").asLong()).isEqualTo(12);
        assertThat(result.get("headSeq").asLong()).isEqualTo(12);
        assertThat(result.get("firstMismatch").isNull()).isTrue();
        // the verification itself was appended to the chain, and the chain still verifies
        JsonNode again = page("/api/v1/audit/verify", token);
        assertThat(again.get("ok").asBoolean()).isTrue();
        assertThat(again.get("entriesChecked").asLong()).isEqualTo(13);
    }

    @Test
    void anUpdateMadeDirectlyInTheDatabaseIsFoundAtExactlyThatRow() {
        long target = jdbc.queryForObject("""
                select id from audit_entry where practice_id = ? and chain_seq = 7""", Long.class, practice.id);
        bypassingTheAppendOnlyTrigger("update audit_entry set reason = 'nothing happened' where id = " + target);

        JsonNode result = page("/api/v1/audit/verify", token);

        assertThat(result.get("ok").asBoolean()).isFalse();
        assertThat(result.get("firstMismatch").get("entryId").asLong()).isEqualTo(target);
        assertThat(result.get("firstMismatch").get("chainSeq").asLong()).isEqualTo(7);
        assertThat(result.get("firstMismatch").get("problem").asString()).contains("content does not match");
        assertThat(result.get("entriesChecked").asLong()).isEqualTo(6);

        var checkpoint = http().get("/api/v1/audit/checkpoint", token);
        assertThat(checkpoint.status()).as("no checkpoint vouches for a broken chain").isEqualTo(409);
        assertThat(checkpoint.isProblem()).isTrue();
        assertThat(checkpoint.json().get("detail").asString()).contains("entry 7");
    }

    @Test
    void aRewrittenHashIsFoundAtTheNextRowAndADeletedRowWhereItWas() {
        long fourth = jdbc.queryForObject("select id from audit_entry where practice_id = ? and chain_seq = 4",
                Long.class, practice.id);
        bypassingTheAppendOnlyTrigger("update audit_entry set hash = sha256(hash) where id = " + fourth);
        JsonNode rewritten = page("/api/v1/audit/verify", token).get("firstMismatch");
        assertThat(rewritten.get("chainSeq").asLong()).isEqualTo(4);

        long ninth = jdbc.queryForObject("select id from audit_entry where practice_id = ? and chain_seq = 9",
                Long.class, practice.id);
        bypassingTheAppendOnlyTrigger("delete from audit_entry where practice_id = '" + practice.id + "' and chain_seq <= 4");
        JsonNode deleted = page("/api/v1/audit/verify", token).get("firstMismatch");
        assertThat(deleted.get("chainSeq").asLong()).isEqualTo(5);
        assertThat(deleted.get("problem").asString()).contains("entry 1 of the chain is missing");
        assertThat(ninth).isPositive();
    }

    @Test
    void theAppendOnlyTriggerRefusesUpdateDeleteAndTruncateEvenToTheTablesOwner() {
        for (String statement : List.of(
                "update audit_entry set reason = 'x' where practice_id = '" + practice.id + "'",
                "delete from audit_entry where practice_id = '" + practice.id + "'",
                "truncate audit_entry")) {
            assertThatThrownBy(() -> owner.execute(statement)).as(statement)
                    .isInstanceOf(DataAccessException.class)
                    .rootCause().hasMessageContaining("audit_entry is append-only");
        }
        assertThat(entries(practice.id)).isEqualTo(12);
        assertThat(page("/api/v1/audit/verify", token).get("ok").asBoolean()).isTrue();
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
