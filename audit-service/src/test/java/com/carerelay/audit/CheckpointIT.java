package com.carerelay.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.carerelay.audit.log.EntryHash;
import com.carerelay.audit.log.StoredEntry;
import com.carerelay.events.DeliveryStatusChanged;
import com.carerelay.events.MessageSent;
import com.carerelay.testing.Http;
import com.carerelay.testing.TopicWriter;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.ConnectionCallback;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Signed checkpoints prove history was not rewritten; the completeness check shows every event has its entries. */
class CheckpointIT extends AuditIntegrationTest {

    Practice practice;
    UUID dana;
    UUID ana;
    String token;

    @BeforeEach
    void givenAPracticeWithALog() {
        practice = newPractice();
        dana = practice.staff("Dana", "Reyes", "message:send");
        ana = practice.client("Ana", "Lima");
        UUID ben = practice.client("Ben", "Cruz");
        token = practice.auditor(practice.staff("Alex", "Auditor", "audit:read"));
        for (int i = 0; i < 3; i++) {
            UUID messageId = UUID.randomUUID();
            TopicWriter.publish(kafka(), practice.sent(messageId, dana, "Dana Reyes", List.of(ana, ben), List.of()),
                    practice.status(messageId, dana, ana, DeliveryStatusChanged.Channel.email,
                            DeliveryStatusChanged.Status.delivered, null),
                    practice.read(messageId, dana, ana, "Ana Lima"));
        }
        awaitEntries(practice.id, 18);
    }

    @Test
    void aCheckpointStaysIntactWhileTheLogOnlyGrows() {
        JsonNode checkpoint = page("/api/v1/audit/checkpoint", token);
        assertThat(checkpoint.get("chainSeq").asLong()).isEqualTo(18);
        assertThat(checkpoint.get("algorithm").asString()).isEqualTo("Ed25519");
        assertThat(checkpoint.get("hash").asString()).isEqualTo(
                jdbc.queryForObject("select encode(hash, 'hex') from audit_entry where practice_id = ? and chain_seq = 18",
                        String.class, practice.id));

        page("/api/v1/audit/clients/" + ana + "/entries", token); // the log grows after the checkpoint

        JsonNode check = checkCheckpoint(checkpoint.toString());
        assertThat(check.get("signatureValid").asBoolean()).isTrue();
        assertThat(check.get("historyIntact").asBoolean()).as(check.toString()).isTrue();
        assertThat(check.get("currentHeadSeq").asLong()).isGreaterThan(18);
    }

    @Test
    void aConsistentRewriteOfTheWholeChainIsFoundAtTheExportedCheckpointAndBreaksTheHeldOne() {
        JsonNode checkpoint = page("/api/v1/audit/checkpoint", token);

        rewriteHistory(5, "nothing was sent");

        JsonNode verified = page("/api/v1/audit/verify", token);
        assertThat(verified.get("firstMismatch").isNull()).as("the rewritten chain is consistent in itself").isTrue();
        assertThat(verified.get("ok").asBoolean()).as("but not with the checkpoint exported when it was signed").isFalse();
        assertThat(verified.get("failedCheckpoint").get("chainSeq").asLong()).isEqualTo(18);
        assertThat(verified.get("failedCheckpoint").get("problem").asString()).contains("rewritten");
        JsonNode check = checkCheckpoint(checkpoint.toString());
        assertThat(check.get("signatureValid").asBoolean()).isTrue();
        assertThat(check.get("historyIntact").asBoolean()).isFalse();
        assertThat(check.get("problem").asString()).contains("rewritten");
    }

    @Test
    void aForgedCheckpointIsRefused() {
        ObjectNode checkpoint = (ObjectNode) page("/api/v1/audit/checkpoint", token);
        checkpoint.put("chainSeq", 17);
        JsonNode check = checkCheckpoint(checkpoint.toString());
        assertThat(check.get("signatureValid").asBoolean()).isFalse();
        assertThat(check.get("historyIntact").asBoolean()).isFalse();
    }

    @Test
    void completenessMatchesEventsWithEntriesAndShowsAGap() {
        String range = "?from=" + Instant.now().minusSeconds(600) + "&to=" + Instant.now().plusSeconds(600);
        JsonNode report = page("/api/v1/audit/completeness" + range, token);
        assertThat(report.get("complete").asBoolean()).as(report.toString()).isTrue();
        assertThat(list(report.get("types"))).extracting(t -> t.get("eventType").asString() + " "
                        + t.get("eventsHandled").asLong() + " " + t.get("entriesExpected").asLong() + " "
                        + t.get("entriesFound").asLong())
                .containsExactly("carerelay.delivery.status-changed.v1 3 3 3", "carerelay.message.read.v1 3 6 6",
                        MessageSent.TYPE + " 3 9 9");

        superuser.execute((ConnectionCallback<Void>) connection -> {
            try (var statement = connection.createStatement()) {
                statement.execute("set session_replication_role = replica");
                statement.execute("delete from audit_entry where practice_id = '" + practice.id
                        + "' and action = 'delivery.delivered' and chain_seq = (select min(chain_seq) from audit_entry"
                        + " where practice_id = '" + practice.id + "' and action = 'delivery.delivered')");
                statement.execute("set session_replication_role = origin");
            }
            return null;
        });
        JsonNode gap = page("/api/v1/audit/completeness" + range, token);
        assertThat(gap.get("complete").asBoolean()).isFalse();
        assertThat(list(gap.get("types"))).filteredOn(t -> !t.get("complete").asBoolean())
                .extracting(t -> t.get("eventType").asString() + " " + t.get("eventsLogged").asLong())
                .containsExactly("carerelay.delivery.status-changed.v1 2");
    }

    private JsonNode checkCheckpoint(String checkpoint) {
        Http.Response response = http().post("/api/v1/audit/checkpoint/verify", token, checkpoint);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    /** What an insider with superuser access and the source code could do: change an entry and recompute every hash after it. */
    private void rewriteHistory(long fromSeq, String newReason) {
        List<StoredEntry> chain = jdbc.query("select " + StoredEntry.COLUMNS
                + " from audit_entry where practice_id = ? order by chain_seq", (row, i) -> StoredEntry.from(row), practice.id);
        superuser.execute((ConnectionCallback<Void>) connection -> {
            try (var off = connection.createStatement()) {
                off.execute("set session_replication_role = replica");
            }
            byte[] running = EntryHash.GENESIS;
            try (PreparedStatement update = connection.prepareStatement(
                    "update audit_entry set reason = ?, prev_hash = ?, hash = ? where id = ?")) {
                for (StoredEntry entry : chain) {
                    var f = entry.fields();
                    String reason = f.chainSeq() == fromSeq ? newReason : f.reason();
                    var fields = new EntryHash.Fields(f.practiceId(), f.chainSeq(), f.occurredAt(), f.recordedAt(),
                            f.actorId(), f.actorKind(), f.actorName(), f.actorRole(), f.action(), f.subjectId(),
                            f.subjectKind(), f.messageId(), f.channel(), f.outcome(), reason, f.contentSha256(),
                            f.detail(), f.eventId(), f.eventType(), f.canonicalVersion());
                    byte[] hash = EntryHash.hash(running, fields);
                    update.setString(1, reason);
                    update.setBytes(2, running);
                    update.setBytes(3, hash);
                    update.setLong(4, entry.id());
                    update.executeUpdate();
                    running = hash;
                }
                try (PreparedStatement head = connection.prepareStatement(
                        "update chain_head set last_hash = ? where practice_id = ?")) {
                    head.setBytes(1, running);
                    head.setObject(2, practice.id);
                    head.executeUpdate();
                }
            } finally {
                try (var on = connection.createStatement()) {
                    on.execute("set session_replication_role = origin");
                }
            }
            return null;
        });
    }
}
