package com.carerelay.messaging.delivery;

import com.carerelay.events.DeliveryStatusChanged;
import com.carerelay.events.EventEnvelope;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Per-recipient, per-channel delivery status, kept current from delivery status events: the latest
 * state per channel plus its timeline.
 */
@Component
public class DeliveryStatusStore {

    private static final List<String> PROGRESS = List.of("queued", "sent", "delivered", "read");

    /** One statement per batch, however many events: the batch's rows go in as arrays. */
    private static final String UPSERT_STATUS = """
            insert into recipient_channel_status (message_id, recipient_id, channel, status, reason, updated_at)
            select distinct on (m, r, c) m, r, c, s, x, t
            from unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::timestamptz[]) as u(m, r, c, s, x, t)
            order by m, r, c, t desc
            on conflict (message_id, recipient_id, channel) do update
            set status = excluded.status, reason = excluded.reason, updated_at = excluded.updated_at
            where recipient_channel_status.updated_at <= excluded.updated_at""";
    private static final String INSERT_HISTORY = """
            insert into delivery_status_history (message_id, recipient_id, channel, status, reason, occurred_at)
            select * from unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])""";

    private final JdbcTemplate jdbc;

    public DeliveryStatusStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Applies a batch of status events (inside the consumer's transaction): the latest state per channel, and the timeline. */
    public void apply(List<EventEnvelope.Incoming> events) {
        List<DeliveryStatusChanged> changes = events.stream()
                .map(event -> event.payload(DeliveryStatusChanged.class)).toList();
        if (changes.isEmpty()) {
            return;
        }
        Object[] columns = {
                changes.stream().map(DeliveryStatusChanged::messageId).toArray(UUID[]::new),
                changes.stream().map(DeliveryStatusChanged::recipientId).toArray(UUID[]::new),
                changes.stream().map(change -> change.channel().name()).toArray(String[]::new),
                changes.stream().map(change -> change.status().name()).toArray(String[]::new),
                changes.stream().map(DeliveryStatusChanged::reason).toArray(String[]::new),
                changes.stream().map(change -> Timestamp.from(change.occurredAt())).toArray(Timestamp[]::new)};
        jdbc.update(UPSERT_STATUS, columns);
        jdbc.update(INSERT_HISTORY, columns);
    }

    /** Channel deliveries per recipient of the given messages, each with its timeline. */
    public Map<UUID, List<DeliveryHistoryView.ChannelDelivery>> channels(Collection<UUID> messageIds) {
        Map<String, List<DeliveryHistoryView.StatusChange>> timelines = new LinkedHashMap<>();
        jdbc.query("""
                        select message_id, recipient_id, channel, status, reason, occurred_at
                        from delivery_status_history where message_id = any (?) order by occurred_at, id""",
                row -> {
                    timelines.computeIfAbsent(row.getString("recipient_id") + "/" + row.getString("channel"),
                                    key -> new ArrayList<>())
                            .add(new DeliveryHistoryView.StatusChange(row.getString("status"), row.getString("reason"),
                                    row.getTimestamp("occurred_at").toInstant()));
                }, (Object) messageIds.toArray(UUID[]::new));
        Map<UUID, List<DeliveryHistoryView.ChannelDelivery>> channels = new LinkedHashMap<>();
        jdbc.query("""
                        select recipient_id, channel, status, reason, updated_at
                        from recipient_channel_status where message_id = any (?) order by channel""",
                row -> {
                    UUID recipient = row.getObject("recipient_id", UUID.class);
                    String channel = row.getString("channel");
                    channels.computeIfAbsent(recipient, key -> new ArrayList<>()).add(
                            new DeliveryHistoryView.ChannelDelivery(channel, row.getString("status"),
                                    row.getString("reason"), row.getTimestamp("updated_at").toInstant(),
                                    timelines.getOrDefault(recipient + "/" + channel, List.of())));
                }, (Object) messageIds.toArray(UUID[]::new));
        return channels;
    }

    /**
     * A recipient's overall status: the furthest progress on any channel (queued, sent, delivered, read);
     * failed only when every channel failed; queued while no channel reported.
     */
    public static String overall(List<DeliveryHistoryView.ChannelDelivery> channels) {
        if (channels == null || channels.isEmpty()) {
            return "queued";
        }
        int best = -1;
        for (DeliveryHistoryView.ChannelDelivery channel : channels) {
            best = Math.max(best, PROGRESS.indexOf(channel.status()));
        }
        return best < 0 ? "failed" : PROGRESS.get(best);
    }
}
