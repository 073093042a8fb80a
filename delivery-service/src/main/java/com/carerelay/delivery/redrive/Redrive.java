package com.carerelay.delivery.redrive;

import com.carerelay.delivery.attempt.DeliveryAttempt;
import com.carerelay.delivery.attempt.DeliveryAttempts;
import com.carerelay.delivery.email.EmailNotices;
import com.carerelay.events.DeliveryStatusChanged.Channel;
import com.carerelay.events.DeliveryStatusChanged.Status;
import com.carerelay.events.PrincipalKind;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Re-queues a message's failed e-mail notices (retries exhausted or refused for good) once someone
 * fixed the cause, e.g. a relay back in service or an address corrected in the directory (the
 * address is looked up again). Attempts start over with fresh tries; the attempt row stays the
 * same, so a notice that was sent is never sent again.
 */
@Component
public class Redrive {

    private static final String REQUEUE = """
            update delivery_attempt a set status = 'queued', reason = ?, tries = 0, next_attempt_at = now(),
                lease_until = null, updated_at = now(),
                destination = coalesce((select d.email from directory_entry d
                                        where d.id = a.recipient_id and not d.deleted and d.email <> ''), a.destination)
            where message_id = ? and practice_id = ? and channel = 'email' and status = 'failed'
            returning id, message_id, practice_id, sender_id, recipient_id, recipient_kind, recipient_name, destination,
                message_sent_at""";

    private final JdbcTemplate jdbc;
    private final DeliveryAttempts attempts;
    private final EmailNotices email;

    public Redrive(JdbcTemplate jdbc, DeliveryAttempts attempts, EmailNotices email) {
        this.jdbc = jdbc;
        this.attempts = attempts;
        this.email = email;
    }

    /** Answers how many attempts were re-queued, or -1 when the practice has no such message. */
    @Transactional
    public int message(UUID practiceId, UUID messageId, UUID requestedBy) {
        Long known = jdbc.queryForObject("select count(*) from delivery_attempt where message_id = ? and practice_id = ?",
                Long.class, messageId, practiceId);
        if (known == null || known == 0) {
            return -1;
        }
        String reason = "redriven by " + requestedBy;
        List<DeliveryAttempt> requeued = jdbc.query(REQUEUE, (row, i) -> new DeliveryAttempt(
                row.getObject("id", UUID.class), row.getObject("message_id", UUID.class),
                row.getObject("practice_id", UUID.class), row.getObject("sender_id", UUID.class),
                row.getObject("recipient_id", UUID.class), PrincipalKind.valueOf(row.getString("recipient_kind")),
                row.getString("recipient_name"), Channel.email, Status.queued, reason, row.getString("destination"),
                row.getTimestamp("message_sent_at").toInstant(), 0), reason, messageId, practiceId);
        attempts.recorded(requeued);
        if (!requeued.isEmpty()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    email.wakeUp();
                }
            });
        }
        return requeued.size();
    }
}
