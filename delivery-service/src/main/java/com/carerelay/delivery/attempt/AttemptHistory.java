package com.carerelay.delivery.attempt;

import com.carerelay.delivery.attempt.web.AttemptHistoryView;
import com.carerelay.events.PrincipalKind;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/** Reads a message's attempts and their timelines, for its sender only. */
@Component
public class AttemptHistory {

    private final JdbcTemplate jdbc;

    public AttemptHistory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Empty unless the message has attempts and was sent by {@code senderId} in {@code practiceId}.
     * Both queries read one snapshot, so a timeline never lags behind the state it leads to.
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Optional<AttemptHistoryView> forSender(UUID practiceId, UUID senderId, UUID messageId) {
        Map<UUID, List<AttemptHistoryView.StatusChange>> timelines = new HashMap<>();
        jdbc.query("""
                        select e.attempt_id, e.status, e.reason, e.occurred_at
                        from delivery_attempt_event e join delivery_attempt a on a.id = e.attempt_id
                        where a.message_id = ? and a.practice_id = ? and a.sender_id = ?
                        order by e.id""",
                row -> {
                    timelines.computeIfAbsent(row.getObject("attempt_id", UUID.class), id -> new ArrayList<>())
                            .add(new AttemptHistoryView.StatusChange(row.getString("status"), row.getString("reason"),
                                    row.getTimestamp("occurred_at").toInstant()));
                }, messageId, practiceId, senderId);
        Map<UUID, AttemptHistoryView.Recipient> recipients = new LinkedHashMap<>();
        jdbc.query("""
                        select id, recipient_id, recipient_kind, recipient_name, channel, status, reason, tries,
                            next_attempt_at, created_at, updated_at
                        from delivery_attempt where message_id = ? and practice_id = ? and sender_id = ?
                        order by recipient_name, recipient_id, channel""",
                row -> {
                    UUID recipientId = row.getObject("recipient_id", UUID.class);
                    PrincipalKind kind = PrincipalKind.valueOf(row.getString("recipient_kind"));
                    String name = row.getString("recipient_name");
                    Timestamp nextAttempt = row.getTimestamp("next_attempt_at");
                    String status = row.getString("status");
                    // a notice being handed to the relay right now is still queued as far as anyone outside knows
                    String shown = "sending".equals(status) ? "queued" : status;
                    AttemptHistoryView.ChannelAttempt attempt = new AttemptHistoryView.ChannelAttempt(
                            row.getString("channel"), shown, row.getString("reason"), row.getInt("tries"),
                            "queued".equals(status) && nextAttempt != null ? nextAttempt.toInstant() : null,
                            row.getTimestamp("created_at").toInstant(), row.getTimestamp("updated_at").toInstant(),
                            timelines.getOrDefault(row.getObject("id", UUID.class), List.of()));
                    recipients.computeIfAbsent(recipientId,
                            id -> new AttemptHistoryView.Recipient(id, kind, name, new ArrayList<>())).channels().add(attempt);
                }, messageId, practiceId, senderId);
        if (recipients.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AttemptHistoryView(messageId, List.copyOf(recipients.values())));
    }
}
