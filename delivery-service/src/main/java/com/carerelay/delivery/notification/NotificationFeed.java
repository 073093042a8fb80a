package com.carerelay.delivery.notification;

import com.carerelay.delivery.config.Unnest;
import com.carerelay.events.MessageRead;
import com.carerelay.events.PrincipalKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The per-principal in-app notification feed. Every query is scoped to the caller's practice and id. */
@Component
public class NotificationFeed {

    private static final String INSERT = """
            insert into notification (id, practice_id, recipient_id, recipient_kind, message_id, text, created_at)
            select * from unnest(?, ?, ?, ?, ?, ?, ?)
            on conflict (message_id, recipient_id) do nothing
            returning id""";
    private static final List<Unnest.Column<Notification>> COLUMNS = List.of(
            Unnest.column("uuid", Notification::id),
            Unnest.column("uuid", Notification::practiceId),
            Unnest.column("uuid", Notification::recipientId),
            Unnest.column("text", notification -> notification.recipientKind().name()),
            Unnest.column("uuid", Notification::messageId),
            Unnest.column("text", Notification::text),
            Unnest.column("timestamptz", notification -> Timestamp.from(notification.createdAt())));
    private static final String SELECT_COLUMNS = "id, practice_id, recipient_id, recipient_kind, message_id, text, created_at, seen_at";

    private final JdbcTemplate jdbc;

    public NotificationFeed(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds notices (inside the caller's transaction) and answers the ones that were new. */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Notification> add(List<Notification> notifications) {
        Set<UUID> added = new HashSet<>(Unnest.returningIds(jdbc, INSERT, notifications, COLUMNS));
        return notifications.stream().filter(notification -> added.contains(notification.id())).toList();
    }

    /** A reader opened the message: their notice about it counts as seen. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void seenByReaders(List<MessageRead> reads) {
        jdbc.batchUpdate("""
                update notification set seen_at = ? where message_id = ? and recipient_id = ? and practice_id = ?
                    and seen_at is null""", reads, reads.size(), (statement, read) -> {
            statement.setTimestamp(1, Timestamp.from(read.readAt() == null ? Instant.now() : read.readAt()));
            statement.setObject(2, read.messageId());
            statement.setObject(3, read.reader().id());
            statement.setObject(4, read.practiceId());
        });
    }

    /** Identifies one notice: the recipient's practice and id, and the message it is about. */
    public record Key(UUID practiceId, UUID recipientId, UUID messageId) {
    }

    /** The notices with these keys (one query, however many). */
    public List<Notification> find(List<Key> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return jdbc.query("select n." + SELECT_COLUMNS.replace(", ", ", n.") + """
                         from notification n
                        join unnest(?, ?, ?) as k (practice_id, recipient_id, message_id)
                          on n.practice_id = k.practice_id and n.recipient_id = k.recipient_id
                         and n.message_id = k.message_id
                        order by n.created_at, n.id""", (statement) -> {
                    statement.setArray(1, statement.getConnection().createArrayOf("uuid",
                            keys.stream().map(Key::practiceId).toArray()));
                    statement.setArray(2, statement.getConnection().createArrayOf("uuid",
                            keys.stream().map(Key::recipientId).toArray()));
                    statement.setArray(3, statement.getConnection().createArrayOf("uuid",
                            keys.stream().map(Key::messageId).toArray()));
                }, NotificationFeed::row);
    }

    /** The principal's newest notices first. */
    public List<Notification> latest(UUID practiceId, UUID principalId, int limit) {
        return jdbc.query("select " + SELECT_COLUMNS + " from notification where practice_id = ? and recipient_id = ?"
                + " order by created_at desc, id desc limit ?", NotificationFeed::row, practiceId, principalId, limit);
    }

    public long unread(UUID practiceId, UUID principalId) {
        Long count = jdbc.queryForObject(
                "select count(*) from notification where practice_id = ? and recipient_id = ? and seen_at is null",
                Long.class, practiceId, principalId);
        return count == null ? 0 : count;
    }

    /** Marks the principal's own notice seen (the first time counts); empty when it is not theirs. */
    @Transactional
    public Optional<Notification> markSeen(UUID practiceId, UUID principalId, UUID notificationId) {
        jdbc.update("update notification set seen_at = now() where id = ? and practice_id = ? and recipient_id = ?"
                + " and seen_at is null", notificationId, practiceId, principalId);
        return jdbc.query("select " + SELECT_COLUMNS + " from notification where id = ? and practice_id = ? and recipient_id = ?",
                NotificationFeed::row, notificationId, practiceId, principalId).stream().findFirst();
    }

    private static Notification row(ResultSet row, int i) throws SQLException {
        Timestamp seenAt = row.getTimestamp("seen_at");
        return new Notification(row.getObject("id", UUID.class), row.getObject("practice_id", UUID.class),
                row.getObject("recipient_id", UUID.class), PrincipalKind.valueOf(row.getString("recipient_kind")),
                row.getObject("message_id", UUID.class), row.getString("text"),
                row.getTimestamp("created_at").toInstant(), seenAt == null ? null : seenAt.toInstant());
    }
}
