package com.carerelay.delivery.fanout;

import com.carerelay.delivery.attempt.DeliveryAttempt;
import com.carerelay.delivery.attempt.DeliveryAttempts;
import com.carerelay.delivery.attempt.DeliveryMetrics;
import com.carerelay.delivery.directory.DirectoryReplica;
import com.carerelay.delivery.email.EmailNotices;
import com.carerelay.delivery.notification.Notification;
import com.carerelay.delivery.notification.NotificationFeed;
import com.carerelay.events.DeliveryStatusChanged.Channel;
import com.carerelay.events.DeliveryStatusChanged.Status;
import com.carerelay.events.EventEnvelope;
import com.carerelay.events.MessageRead;
import com.carerelay.events.MessageSent;
import com.carerelay.events.PrincipalKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Turns each MessageSent into one attempt per recipient and channel, all in the consumer's one batch
 * transaction with one statement per table (see {@code Unnest}): staff and clients get an in-app notice (delivered at once)
 * and, where their preferences in the directory replica say so, an e-mail notice (queued here, sent
 * by {@link EmailNotices} after commit). Recipients no supported channel reaches get a failed attempt
 * with the reason, so the sender sees why. Only attempts that did not exist before have any effect,
 * so a redelivered or replayed event changes nothing.
 */
@Component
public class MessageFanOut {

    static final String NO_CHANNEL = "no delivery channel for this recipient kind";

    private final DeliveryAttempts attempts;
    private final NotificationFeed feed;
    private final DirectoryReplica directory;
    private final EmailNotices email;
    private final DeliveryMetrics metrics;
    private final int sliceSize;

    public MessageFanOut(DeliveryAttempts attempts, NotificationFeed feed, DirectoryReplica directory,
                         EmailNotices email, DeliveryMetrics metrics,
                         @Value("${carerelay.fanout.slice-size}") int sliceSize) {
        this.attempts = attempts;
        this.feed = feed;
        this.directory = directory;
        this.email = email;
        this.metrics = metrics;
        this.sliceSize = sliceSize;
    }

    /** Handles a batch of message events inside the consumer's transaction. */
    public void apply(List<EventEnvelope.Incoming> events) {
        long started = System.nanoTime();
        List<MessageSent> sent = new ArrayList<>();
        List<MessageRead> reads = new ArrayList<>();
        for (EventEnvelope.Incoming event : events) {
            switch (event.payload()) {
                case MessageSent message -> sent.add(message);
                case MessageRead read when read.reader() != null -> reads.add(read);
                default -> { } // other event types on the topic are not delivery's concern
            }
        }
        if (!reads.isEmpty()) {
            feed.seenByReaders(reads);
        }
        if (!sent.isEmpty()) {
            fanOut(sent);
        }
        metrics.fanOut(events.size(), System.nanoTime() - started);
    }

    private void fanOut(List<MessageSent> messages) {
        Set<UUID> people = new HashSet<>();
        messages.forEach(message -> message.recipients().forEach(recipient -> people.add(recipient.recipientId())));
        Map<UUID, DirectoryReplica.Entry> entries = directory.find(people);
        Map<UUID, MessageSent> byId = new HashMap<>();
        messages.forEach(message -> byId.putIfAbsent(message.messageId(), message));

        DeliveryMetrics.Tally tally = new DeliveryMetrics.Tally();
        List<DeliveryAttempt> slice = new ArrayList<>();
        for (MessageSent message : messages) {
            Set<UUID> seen = new HashSet<>();
            for (MessageSent.Recipient recipient : message.recipients()) {
                if (recipient.recipientId() == null || !seen.add(recipient.recipientId())) {
                    continue;
                }
                slice.addAll(route(message, recipient, entries.get(recipient.recipientId())));
                if (slice.size() >= sliceSize) {
                    store(slice, byId, tally);
                    slice = new ArrayList<>();
                }
            }
        }
        store(slice, byId, tally);

        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                if (tally.counted(Channel.email, Status.queued) > 0) {
                    email.wakeUp();
                }
                metrics.record(tally);
            }
        });
    }

    /**
     * Stores one slice of attempts and the notices of the new ones. A batch of broadcasts to
     * thousands of recipients each is written slice by slice, so no statement or list grows without
     * bound. Open live streams get the notices from the status events ({@code LiveNotices}).
     */
    private void store(List<DeliveryAttempt> planned, Map<UUID, MessageSent> byId, DeliveryMetrics.Tally tally) {
        if (planned.isEmpty()) {
            return;
        }
        List<DeliveryAttempt> fresh = attempts.insertNew(planned);
        Instant now = Instant.now();
        List<Notification> notices = fresh.stream().filter(attempt -> attempt.channel() == Channel.in_app)
                .map(attempt -> new Notification(UUID.randomUUID(), attempt.practiceId(), attempt.recipientId(),
                        attempt.recipientKind(), attempt.messageId(),
                        Notification.newMessageText(senderName(byId.get(attempt.messageId()))), now, null))
                .toList();
        feed.add(notices);
        fresh.forEach(tally::add);
    }

    /** The attempts one recipient gets, from their kind and their preferences in the replica. */
    static List<DeliveryAttempt> route(MessageSent message, MessageSent.Recipient recipient, DirectoryReplica.Entry entry) {
        List<DeliveryAttempt> routed = new ArrayList<>(2);
        if (recipient.kind() == PrincipalKind.staff || recipient.kind() == PrincipalKind.client) {
            routed.add(attempt(message, recipient, Channel.in_app, Status.delivered, null, null));
            if (entry != null && entry.practiceId().equals(message.practiceId()) && entry.wantsEmailNotice()) {
                routed.add(attempt(message, recipient, Channel.email, Status.queued, null, entry.email()));
            }
        } else {
            routed.add(attempt(message, recipient, Channel.direct, Status.failed, NO_CHANNEL, null));
        }
        return routed;
    }

    private static DeliveryAttempt attempt(MessageSent message, MessageSent.Recipient recipient, Channel channel,
                                           Status status, String reason, String destination) {
        return new DeliveryAttempt(UUID.randomUUID(), message.messageId(), message.practiceId(),
                message.sender() == null ? null : message.sender().id(), recipient.recipientId(), recipient.kind(),
                recipient.displayName(), channel, status, reason, destination,
                message.sentAt() == null ? Instant.now() : message.sentAt(), 0);
    }

    private static String senderName(MessageSent message) {
        return message == null || message.sender() == null ? null : message.sender().displayName();
    }
}
