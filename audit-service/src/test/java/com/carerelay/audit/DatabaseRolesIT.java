package com.carerelay.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.carerelay.audit.checkpoint.ScheduledCheckpoints;
import com.carerelay.audit.config.AuditDatabaseRole;
import com.carerelay.audit.log.EntryHash;
import com.carerelay.audit.log.StoredEntry;
import com.carerelay.events.DeliveryStatusChanged;
import com.carerelay.testing.TopicWriter;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Issue #16.2: the service's own database role cannot rewrite the log, and the owner who can is found
 * out by the checkpoints exported outside the database.
 */
class DatabaseRolesIT extends AuditIntegrationTest {

    @Autowired
    ScheduledCheckpoints checkpoints;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    Practice practice;
    UUID dana;
    UUID ana;
    String token;

    @BeforeEach
    void givenAPracticeWithALogCheckpointedAtEntry12AndAgainAtEntry16() {
        practice = newPractice();
        dana = practice.staff("Dana", "Reyes", "message:send");
        ana = practice.client("Ana", "Lima");
        UUID ben = practice.client("Ben", "Cruz");
        token = practice.auditor(practice.staff("Alex", "Auditor", "audit:read"));
        for (int i = 0; i < 3; i++) {
            sendTo(List.of(ana, ben));
        }
        awaitEntries(practice.id, 12);
        checkpoints.signMovedHeads();
        sendTo(List.of(ana, ben)); // 4 more entries
        awaitEntries(practice.id, 16);
        checkpoints.signMovedHeads();
    }

    @Test
    void theServiceRoleIsRefusedUpdateDeleteTruncateAndSwitchingTheTriggerOff() {
        for (String statement : List.of(
                "update audit_entry set reason = 'x' where practice_id = '" + practice.id + "'",
                "delete from audit_entry where practice_id = '" + practice.id + "'",
                "truncate audit_entry",
                "alter table audit_entry disable trigger audit_entry_no_update_or_delete",
                "alter table audit_entry disable trigger user",
                "drop trigger audit_entry_no_truncate on audit_entry",
                "set session_replication_role = replica")) {
            assertThatThrownBy(() -> jdbc.execute(statement)).as(statement)
                    .isInstanceOf(DataAccessException.class)
                    .rootCause().message().containsAnyOf("permission denied", "must be owner");
        }
        // without the grant option, GRANT only warns and grants nothing
        jdbc.execute("grant update, delete, truncate on audit_entry to " + AuditDatabase.SERVICE);
        assertThat(entries(practice.id)).isEqualTo(16);
        assertThat(jdbc.queryForObject("select current_user", String.class)).isEqualTo(AuditDatabase.SERVICE);
        assertThat(new AuditDatabaseRole(jdbc, false).excessPowers()).as("the service's role").isEmpty();
        JsonNode verified = page("/api/v1/audit/verify", token);
        assertThat(verified.get("ok").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.get("checkpointsChecked").asLong()).isEqualTo(2);
    }

    @Test
    void theServiceRoleHoldsOnlyWhatTheServiceNeedsOnEachTable() {
        List<String> grants = superuser.queryForList("""
                select table_name || ' ' || string_agg(lower(privilege_type), ',' order by privilege_type)
                from information_schema.role_table_grants
                where grantee = ? and table_schema = 'public'
                group by table_name order by table_name""", String.class, AuditDatabase.SERVICE);

        assertThat(grants).containsExactly(
                "audit_entry insert,select",
                "chain_head insert,select,update",
                "dead_letter_redrive insert,select",
                "directory_person insert,select,update",
                "event_seen insert,select",
                "processed_event insert,select");
        assertThat(superuser.queryForObject("select rolsuper or rolcreaterole or rolcreatedb or rolbypassrls"
                + " from pg_roles where rolname = ?", Boolean.class, AuditDatabase.SERVICE)).isFalse();
    }

    @Test
    void theServiceRefusesToRunAsTheTablesOwner() {
        assertThat(new AuditDatabaseRole(owner, false).excessPowers())
                .anySatisfy(power -> assertThat(power).contains("owns audit_entry"));
        assertThatThrownBy(() -> new AuditDatabaseRole(owner, false).afterPropertiesSet())
                .hasMessageContaining("Refusing to start");
        assertThatThrownBy(() -> new AuditDatabaseRole(superuser, false).afterPropertiesSet())
                .hasMessageContaining("superuser");
    }

    @Test
    void theOwnerRewritingAnEntryAndRecomputingTheChainAndHeadIsFoundAtTheNextCheckpoint() {
        rewriteAsTheOwner(14, "nothing was delivered");

        JsonNode verified = page("/api/v1/audit/verify", token);

        assertThat(verified.get("firstMismatch").isNull()).as("the rewritten chain is consistent in itself: " + verified)
                .isTrue();
        assertThat(verified.get("ok").asBoolean()).isFalse();
        assertThat(verified.get("checkpointsChecked").asLong()).isEqualTo(2);
        JsonNode failed = verified.get("failedCheckpoint");
        assertThat(failed.get("chainSeq").asLong()).as("the checkpoint at 12 still matches; the one at 16 does not")
                .isEqualTo(16);
        assertThat(failed.get("problem").asString()).contains("rewritten");
        assertThat(failed.get("issuedAt").isNull()).isFalse();
    }

    @Test
    void aRewriteIsCountedAsABrokenChainByTheNextScheduledRoundForTheAlert() {
        rewriteAsTheOwner(14, "nothing was delivered");
        sendTo(List.of(ana)); // the head moves past the last checkpoint, so the round verifies since it
        awaitEntries(practice.id, 17);

        checkpoints.signMovedHeads();

        assertThat(meters.get("carerelay.audit.chain.broken").gauge().value()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void theOwnerTruncatingTheLogBeforeTheLastCheckpointIsFound() {
        truncateAsTheOwner(14);

        JsonNode verified = page("/api/v1/audit/verify", token);

        assertThat(verified.get("firstMismatch").isNull()).as("head and log agree: " + verified).isTrue();
        assertThat(verified.get("ok").asBoolean()).isFalse();
        assertThat(verified.get("failedCheckpoint").get("chainSeq").asLong()).isEqualTo(16);
        assertThat(verified.get("failedCheckpoint").get("problem").asString())
                .contains("the log ends at entry 14").contains("entries were removed");
    }

    @Test
    void theOwnerRemovingTheWholeChainIsFoundAtTheFirstCheckpoint() {
        truncateAsTheOwner(0);

        JsonNode verified = page("/api/v1/audit/verify", token);

        assertThat(verified.get("ok").asBoolean()).as(verified.toString()).isFalse();
        assertThat(verified.get("failedCheckpoint").get("chainSeq").asLong()).isEqualTo(12);
        assertThat(verified.get("failedCheckpoint").get("problem").asString()).contains("the log ends at entry 0");
    }

    private void sendTo(List<UUID> clients) {
        UUID messageId = UUID.randomUUID();
        TopicWriter.publish(kafka(), practice.sent(messageId, dana, "Dana Reyes", clients, List.of()),
                practice.status(messageId, dana, ana, DeliveryStatusChanged.Channel.email,
                        DeliveryStatusChanged.Status.delivered, null));
    }

    /**
     * What the owner of the tables can do (not the service): switch the append-only trigger off, change an
     * entry, recompute every hash after it and the chain head, and switch the trigger back on.
     */
    private void rewriteAsTheOwner(long seq, String newReason) {
        List<StoredEntry> chain = jdbc.query("select " + StoredEntry.COLUMNS
                + " from audit_entry where practice_id = ? order by chain_seq", (row, i) -> StoredEntry.from(row), practice.id);
        asTheOwnerWithoutTheTrigger(owner, connection -> {
            byte[] running = EntryHash.GENESIS;
            try (PreparedStatement update = connection.prepareStatement(
                    "update audit_entry set reason = ?, prev_hash = ?, hash = ? where id = ?")) {
                for (StoredEntry entry : chain) {
                    var f = entry.fields();
                    String reason = f.chainSeq() == seq ? newReason : f.reason();
                    byte[] hash = EntryHash.hash(running, new EntryHash.Fields(f.practiceId(), f.chainSeq(),
                            f.occurredAt(), f.recordedAt(), f.actorId(), f.actorKind(), f.actorName(), f.actorRole(),
                            f.action(), f.subjectId(), f.subjectKind(), f.messageId(), f.channel(), f.outcome(), reason,
                            f.contentSha256(), f.detail(), f.eventId(), f.eventType(), f.canonicalVersion()));
                    update.setString(1, reason);
                    update.setBytes(2, running);
                    update.setBytes(3, hash);
                    update.setLong(4, entry.id());
                    update.executeUpdate();
                    running = hash;
                }
            }
            try (PreparedStatement head = connection.prepareStatement(
                    "update chain_head set last_hash = ? where practice_id = ?")) {
                head.setBytes(1, running);
                head.setObject(2, practice.id);
                head.executeUpdate();
            }
        });
    }

    /** The owner removes every entry after {@code keep} and moves the head back, so log and head agree. */
    private void truncateAsTheOwner(long keep) {
        asTheOwnerWithoutTheTrigger(owner, connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "delete from audit_entry where practice_id = ? and chain_seq > ?");
                 PreparedStatement head = connection.prepareStatement("""
                         update chain_head set last_seq = ?,
                             last_hash = coalesce((select hash from audit_entry where practice_id = ? and chain_seq = ?),
                                                  decode(repeat('00', 32), 'hex'))
                         where practice_id = ?""")) {
                delete.setObject(1, practice.id);
                delete.setLong(2, keep);
                delete.executeUpdate();
                head.setLong(1, keep);
                head.setObject(2, practice.id);
                head.setLong(3, keep);
                head.setObject(4, practice.id);
                head.executeUpdate();
            }
        });
    }

    private interface Work {
        void run(java.sql.Connection connection) throws java.sql.SQLException;
    }

    private static void asTheOwnerWithoutTheTrigger(JdbcTemplate owner, Work work) {
        owner.execute((ConnectionCallback<Void>) connection -> {
            connection.setAutoCommit(false);
            try (var statement = connection.createStatement()) {
                statement.execute("alter table audit_entry disable trigger user");
                work.run(connection);
                statement.execute("alter table audit_entry enable trigger user");
            }
            connection.commit();
            return null;
        });
    }
}
