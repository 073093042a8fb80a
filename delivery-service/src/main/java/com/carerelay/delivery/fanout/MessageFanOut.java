package com.carerelay.delivery.fanout;

import com.carerelay.delivery.attempt.DeliveryAttempt;
import com.carerelay.delivery.attempt.DeliveryAttempts;
import com.carerelay.delivery.attempt.DeliveryMetrics;
import com.carerelay.delivery.config.Unnest;
import com.carerelay.delivery.direct.DirectContent;
import com.carerelay.delivery.direct.DirectMessages;
import com.carerelay.delivery.directory.DirectoryReplica;
import com.carerelay.delivery.email.EmailNotices;
import com.carerelay.delivery.push.PushNotices;
import com.carerelay.delivery.webhook.WebhookDeliveries;
import com.carerelay.delivery.webhook.WebhookPayload;
import com.carerelay.delivery.notification.Notification;
import com.carerelay.delivery.notification.NotificationFeed;
import com.carerelay.events.ContentSeal;
import com.carerelay.events.DeliveryStatusChanged.Channel;
import com.carerelay.events.DeliveryStatusChanged.Status;
import com.carerelay.events.EventEnvelope;
import com.carerelay.events.MessageRead;
import com.carerelay.events.MessageContent;
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
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Turns each MessageSent into one attempt per recipient and channel, all in the consumer's one batch
 * transaction with one statement per table (see {@code Unnest}): staff and clients get an in-app
 * notice (delivered at once) and, where their preferences in the directory replica say so, an e-mail
 * notice; clients also web push (opted in, with a live subscription) and, where the practice has a
 * webhook, the message to it; DIRECT contacts get the message over DIRECT when the practice allows
 * DIRECT. All but in-app are queued here and sent after commit by their workers ({@link EmailNotices},
 * {@link PushNotices}, {@link WebhookDeliveries}, {@link DirectMessages}); what a webhook or DIRECT
 * message carries is stored with its attempt, rendered for that recipient from the event's sealed
 * content ({@link ContentSeal}; content that does not open fails the batch, which dead-letters and can be
 * redriven once the key is right, {@link SealedContents}). Recipients no channel
 * reaches get a failed attempt with the reason, so the sender sees why. Only attempts that did not
 * exist before have any effect, so a redelivered or replayed event changes nothing.
 */
@Component
public class MessageFanOut {

    static final String NO_CHANNEL = "no delivery channel for this recipient kind";
    static final String DIRECT_OFF = "DIRECT messaging is not enabled for this practice";
    static final String NO_CONTACT = "the DIRECT contact is unknown or inactive";
    static final String NO_ADDRESS = "the DIRECT contact has no DIRECT address";
    private static final String INSERT_CONTENT = """
            insert into attempt_content (attempt_id, content) select * from unnest(?, ?) on conflict do nothing""";

    private final DeliveryAttempts attempts;
    private final NotificationFeed feed;
    private final DirectoryReplica directory;
    private final EmailNotices email;
    private final PushNotices push;
    private final WebhookDeliveries webhooks;
    private final DirectMessages direct;
    private final DeliveryMetrics metrics;
    private final ContentSeal contentSeal;
    private final JdbcTemplate jdbc;
    private final int sliceSize;

    public MessageFanOut(DeliveryAttempts attempts, NotificationFeed feed, DirectoryReplica directory,
                         EmailNotices email, PushNotices push, WebhookDeliveries webhooks, DirectMessages direct,
                         DeliveryMetrics metrics, ContentSeal contentSeal, JdbcTemplate jdbc,
                         @Value("${carerelay.fanout.slice-size}") int sliceSize) {
        this.attempts = attempts;
        this.feed = feed;
        this.directory = directory;
        this.email = email;
        this.push = push;
        this.webhooks = webhooks;
        this.direct = direct;
        this.metrics = metrics;
        this.contentSeal = contentSeal;
        this.jdbc = jdbc;
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
        Map<UUID, DirectoryReplica.PracticeInfo> practices = directory.practices(
                messages.stream().map(MessageSent::practiceId).filter(id -> id != null).collect(Collectors.toSet()));
        Set<UUID> contactIds = new HashSet<>();
        messages.forEach(message -> message.recipients().stream()
                .filter(recipient -> recipient.kind() == PrincipalKind.direct_contact && recipient.recipientId() != null)
                .forEach(recipient -> contactIds.add(recipient.recipientId())));
        Map<UUID, DirectoryReplica.Contact> contacts = directory.contacts(contactIds);
        Map<UUID, MessageSent> byId = new HashMap<>();
        messages.forEach(message -> byId.putIfAbsent(message.messageId(), message));
        Set<Routed> alreadyRouted = alreadyRouted(byId.keySet());

        DeliveryMetrics.Tally tally = new DeliveryMetrics.Tally();
        List<DeliveryAttempt> slice = new ArrayList<>();
        Map<UUID, String> contents = new HashMap<>();
        SealedContents opened = new SealedContents(contentSeal); // only when a channel that carries content needs it
        for (MessageSent message : messages) {
            Set<UUID> seen = new HashSet<>();
            DirectoryReplica.PracticeInfo practice = practices.get(message.practiceId());
            for (MessageSent.Recipient recipient : message.recipients()) {
                if (recipient.recipientId() == null || !seen.add(recipient.recipientId())
                        || alreadyRouted.contains(new Routed(message.messageId(), recipient.recipientId()))) {
                    continue;
                }
                List<DeliveryAttempt> routed = route(message, recipient, entries.get(recipient.recipientId()), practice,
                        contacts.get(recipient.recipientId()));
                for (DeliveryAttempt attempt : routed) {
                    boolean carriesContent = attempt.channel() == Channel.webhook || attempt.channel() == Channel.direct;
                    if (attempt.status() != Status.queued || !carriesContent) {
                        continue;
                    }
                    MessageContent own = opened.forRecipient(message, recipient);
                    contents.put(attempt.id(), attempt.channel() == Channel.webhook
                            ? WebhookPayload.render(message, recipient, own, practice == null ? null : practice.name())
                            : DirectContent.render(message, own));
                }
                slice.addAll(routed);
                if (slice.size() >= sliceSize) {
                    store(slice, contents, byId, tally);
                    slice = new ArrayList<>();
                    contents = new HashMap<>();
                }
            }
        }
        store(slice, contents, byId, tally);

        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                if (tally.counted(Channel.email, Status.queued) > 0) {
                    email.wakeUp();
                }
                if (tally.counted(Channel.push, Status.queued) > 0) {
                    push.wakeUp();
                }
                if (tally.counted(Channel.webhook, Status.queued) > 0) {
                    webhooks.wakeUp();
                }
                if (tally.counted(Channel.direct, Status.queued) > 0) {
                    direct.wakeUp();
                }
                metrics.record(tally);
            }
        });
    }

    private record Routed(UUID messageId, UUID recipientId) {
    }

    /**
     * The recipients these messages were already routed to. A message event that comes again with a
     * new event id (a producer's replay) is routed only to recipients it never reached: preferences
     * that changed since (push turned on, a webhook configured) add no channel to an old message.
     */
    private Set<Routed> alreadyRouted(Set<UUID> messageIds) {
        Set<Routed> routed = new HashSet<>();
        jdbc.query("select distinct message_id, recipient_id from delivery_attempt where message_id = any (?)",
                row -> {
                    routed.add(new Routed(row.getObject(1, UUID.class), row.getObject(2, UUID.class)));
                }, (Object) messageIds.toArray(UUID[]::new));
        return routed;
    }

    /**
     * Stores one slice of attempts and the notices of the new ones. A batch of broadcasts to
     * thousands of recipients each is written slice by slice, so no statement or list grows without
     * bound. Open live streams get the notices from the status events ({@code LiveNotices}).
     */
    private void store(List<DeliveryAttempt> planned, Map<UUID, String> contents, Map<UUID, MessageSent> byId,
                       DeliveryMetrics.Tally tally) {
        if (planned.isEmpty()) {
            return;
        }
        List<DeliveryAttempt> fresh = attempts.insertNew(planned);
        List<DeliveryAttempt> carrying = fresh.stream().filter(attempt -> contents.containsKey(attempt.id())).toList();
        Unnest.update(jdbc, INSERT_CONTENT, carrying, List.of(
                Unnest.column("uuid", DeliveryAttempt::id),
                Unnest.column("text", attempt -> contents.get(attempt.id()))));
        Instant now = Instant.now();
        List<Notification> notices = fresh.stream().filter(attempt -> attempt.channel() == Channel.in_app)
                .map(attempt -> new Notification(UUID.randomUUID(), attempt.practiceId(), attempt.recipientId(),
                        attempt.recipientKind(), attempt.messageId(),
                        Notification.newMessageText(senderName(byId.get(attempt.messageId()))), now, null))
                .toList();
        feed.add(notices);
        fresh.forEach(tally::add);
    }

    /** The attempts one recipient gets from their kind and preferences alone (no practice webhook, no DIRECT). */
    static List<DeliveryAttempt> route(MessageSent message, MessageSent.Recipient recipient, DirectoryReplica.Entry entry) {
        return route(message, recipient, entry, null, null);
    }

    /**
     * The attempts one recipient gets, from their kind, their preferences in the replica, the
     * practice's switches and webhook, and (for a DIRECT contact) the contact in the replica.
     */
    static List<DeliveryAttempt> route(MessageSent message, MessageSent.Recipient recipient, DirectoryReplica.Entry entry,
                                       DirectoryReplica.PracticeInfo practice, DirectoryReplica.Contact contact) {
        List<DeliveryAttempt> routed = new ArrayList<>(4);
        boolean samePractice = entry != null && entry.practiceId().equals(message.practiceId());
        switch (recipient.kind()) {
            case staff, client -> {
                routed.add(attempt(message, recipient, Channel.in_app, Status.delivered, null, null));
                if (samePractice && entry.wantsEmailNotice()) {
                    routed.add(attempt(message, recipient, Channel.email, Status.queued, null, entry.email()));
                }
                if (recipient.kind() == PrincipalKind.client) {
                    if (samePractice && entry.wantsPush()) {
                        routed.add(attempt(message, recipient, Channel.push, Status.queued, null, null));
                    }
                    if (practice != null && practice.id().equals(message.practiceId()) && practice.webhookActive()) {
                        routed.add(attempt(message, recipient, Channel.webhook, Status.queued, null, practice.webhookUrl()));
                    }
                }
            }
            case direct_contact -> routed.add(routeDirect(message, recipient, practice, contact));
            default -> routed.add(attempt(message, recipient, Channel.in_app, Status.failed, NO_CHANNEL, null));
        }
        return routed;
    }

    private static DeliveryAttempt routeDirect(MessageSent message, MessageSent.Recipient recipient,
                                               DirectoryReplica.PracticeInfo practice, DirectoryReplica.Contact contact) {
        if (practice == null || !practice.id().equals(message.practiceId()) || !practice.directMessagingEnabled()) {
            return attempt(message, recipient, Channel.direct, Status.failed, DIRECT_OFF, null);
        }
        if (contact == null || !contact.active() || !contact.practiceId().equals(message.practiceId())) {
            return attempt(message, recipient, Channel.direct, Status.failed, NO_CONTACT, null);
        }
        String address = recipient.address() != null && !recipient.address().isBlank() ? recipient.address()
                : contact.directAddress();
        if (address == null || address.isBlank()) {
            return attempt(message, recipient, Channel.direct, Status.failed, NO_ADDRESS, null);
        }
        return attempt(message, recipient, Channel.direct, Status.queued, null, address.strip());
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
