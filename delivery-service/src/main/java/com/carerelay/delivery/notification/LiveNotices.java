package com.carerelay.delivery.notification;

import com.carerelay.events.DeliveryStatusChanged;
import com.carerelay.events.EventEnvelope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * Feeds the live streams open on THIS instance from the delivery status topic, which every instance
 * reads in full (an anonymous consumer group each, from the latest offset). Whichever instance
 * delivered a notice, the recipient's streams get it wherever they are held open. A status event
 * exists only once the fan-out committed, so a stream never shows a notice that was rolled back.
 */
@Component
public class LiveNotices {

    private static final Logger log = LoggerFactory.getLogger(LiveNotices.class);

    private final NotificationStream stream;
    private final NotificationFeed feed;
    private final Counter received;

    public LiveNotices(NotificationStream stream, NotificationFeed feed, MeterRegistry meters) {
        this.stream = stream;
        this.feed = feed;
        this.received = Counter.builder("carerelay.notifications.live.events")
                .description("Delivery status events this instance's live streams looked at").register(meters);
    }

    /** Handles one batch as the binder delivers it: looks up the notices for recipients with an open stream here. */
    @SuppressWarnings("unchecked")
    public void accept(Message<List<byte[]>> batch) {
        Object converted = batch.getHeaders().get(KafkaHeaders.BATCH_CONVERTED_HEADERS);
        List<Map<String, Object>> headers = converted == null ? List.of() : (List<Map<String, Object>>) converted;
        List<byte[]> values = batch.getPayload();
        List<NotificationFeed.Key> wanted = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            try {
                EventEnvelope.Incoming event = EventEnvelope.read(i < headers.size() ? headers.get(i) : Map.of(),
                        values.get(i));
                if (!DeliveryStatusChanged.TYPE.equals(event.type())) {
                    continue;
                }
                DeliveryStatusChanged change = event.payload(DeliveryStatusChanged.class);
                if (change.channel() == DeliveryStatusChanged.Channel.in_app
                        && change.status() == DeliveryStatusChanged.Status.delivered
                        && stream.isOpenFor(change.practiceId(), change.recipientId())) {
                    wanted.add(new NotificationFeed.Key(change.practiceId(), change.recipientId(), change.messageId()));
                }
            } catch (EventEnvelope.MalformedEventException e) {
                // the status topic's consumers that own state dead-letter it; a live stream just skips it
                log.debug("Skipping an unreadable delivery status record: {}", e.getMessage());
            }
        }
        received.increment(values.size());
        if (!wanted.isEmpty()) {
            stream.publish(feed.find(wanted));
        }
    }
}
