package com.carerelay.messaging.message;

import com.carerelay.events.Actor;
import com.carerelay.events.EventEnvelope;
import com.carerelay.events.MessageSent;
import com.carerelay.events.PrincipalKind;
import com.carerelay.events.Topics;
import com.carerelay.messaging.config.Caller;
import com.carerelay.messaging.config.EventsConfig;
import com.carerelay.messaging.config.OutboxWriter;
import com.carerelay.messaging.delivery.DeliveryHistoryView;
import com.carerelay.messaging.delivery.DeliveryStatusStore;
import com.carerelay.messaging.directory.DirectoryReplica;
import com.carerelay.messaging.message.web.InboxItem;
import com.carerelay.messaging.message.web.MessageView;
import com.carerelay.messaging.message.web.SendMessageRequest;
import com.carerelay.messaging.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Sending and reading messages. */
@Service
public class MessageService {

    static final String SEND = "message:send";

    private final MessageRepository messages;
    private final MessageRecipientRepository copies;
    private final DirectoryReplica directory;
    private final DeliveryStatusStore deliveryStatus;
    private final OutboxWriter outbox;

    public MessageService(MessageRepository messages, MessageRecipientRepository copies, DirectoryReplica directory,
                          DeliveryStatusStore deliveryStatus, OutboxWriter outbox) {
        this.messages = messages;
        this.copies = copies;
        this.directory = directory;
        this.deliveryStatus = deliveryStatus;
        this.outbox = outbox;
    }

    /**
     * Checks the sender's permission, resolves recipients from the local directory replica and, in
     * one transaction, stores the message, one copy per recipient and the MessageSent outbox row.
     */
    @Transactional
    public MessageView send(Caller caller, SendMessageRequest request) {
        if (!caller.isStaff()) {
            throw ApiException.forbidden("Only staff can start a message.");
        }
        caller.require(SEND);
        List<UUID> staffIds = request.recipients().staffIdsOrEmpty();
        if (staffIds.isEmpty()) {
            throw ApiException.badField("recipients", "recipients: at least one recipient is required.");
        }
        Set<UUID> uniqueStaff = new LinkedHashSet<>(staffIds);
        Map<UUID, DirectoryReplica.Entry> found = directory.find(caller.practiceId(), PrincipalKind.staff, uniqueStaff);
        for (int i = 0; i < staffIds.size(); i++) {
            DirectoryReplica.Entry entry = found.get(staffIds.get(i));
            if (entry == null) {
                throw ApiException.badField("recipients.staffIds[" + i + "]",
                        "recipients.staffIds[" + i + "]: no staff member " + staffIds.get(i) + " in this practice.");
            }
            if (!entry.active()) {
                throw ApiException.badField("recipients.staffIds[" + i + "]",
                        "recipients.staffIds[" + i + "]: " + entry.displayName() + " is inactive and cannot receive messages.");
            }
        }

        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        UUID messageId = UUID.randomUUID();
        String senderName = directory.find(caller.practiceId(), caller.id()).map(DirectoryReplica.Entry::displayName)
                .orElse(caller.name() == null ? "Staff member" : caller.name());
        Message message = new Message(messageId, caller.practiceId(), messageId, caller.id(), caller.kind(), senderName,
                request.subject(), request.body(), sha256(request.subject() + "\n" + request.body()), now);
        List<MessageRecipient> recipientCopies = uniqueStaff.stream()
                .map(found::get)
                .map(entry -> new MessageRecipient(messageId, caller.practiceId(), entry.id(), entry.kind(),
                        entry.displayName(), null, now))
                .toList();
        messages.save(message);
        copies.saveAll(recipientCopies);

        MessageSent event = new MessageSent(messageId, caller.practiceId(), message.getThreadId(),
                new Actor(caller.id(), caller.kind(), senderName), message.getSubject(), message.getBody(),
                message.getContentSha256(), now,
                recipientCopies.stream().map(copy -> new MessageSent.Recipient(copy.getRecipientId(),
                        copy.getRecipientKind(), copy.getDisplayName(), copy.getViaGroupId())).toList(),
                List.of());
        outbox.append(List.of(EventEnvelope.wrap(Topics.MESSAGES, messageId.toString(), EventsConfig.SOURCE,
                messageId.toString(), MessageSent.TYPE, event)));
        return view(caller, message, recipientCopies, Map.of());
    }

    /** The message as the caller may see it: its sender or one of its recipients; anyone else gets 404. */
    @Transactional(readOnly = true)
    public MessageView get(Caller caller, UUID messageId) {
        Message message = visibleMessage(caller, messageId);
        List<MessageRecipient> recipients = copies.findByMessageIdOrderByDisplayName(messageId);
        boolean sender = isSender(caller, message);
        return view(caller, message, recipients, sender ? deliveryStatus.channels(List.of(messageId)) : null);
    }

    /** Per recipient and channel delivery status with timelines; only for the sender. */
    @Transactional(readOnly = true)
    public DeliveryHistoryView deliveryHistory(Caller caller, UUID messageId) {
        Message message = messages.findByIdAndPracticeId(messageId, caller.practiceId())
                .filter(found -> isSender(caller, found))
                .orElseThrow(() -> ApiException.notFound("Message " + messageId));
        Map<UUID, List<DeliveryHistoryView.ChannelDelivery>> channels = deliveryStatus.channels(List.of(message.getId()));
        return new DeliveryHistoryView(messageId, copies.findByMessageIdOrderByDisplayName(messageId).stream()
                .map(copy -> new DeliveryHistoryView.RecipientDelivery(copy.getRecipientId(), copy.getRecipientKind(),
                        copy.getDisplayName(), DeliveryStatusStore.overall(channels.get(copy.getRecipientId())),
                        channels.getOrDefault(copy.getRecipientId(), List.of())))
                .toList());
    }

    @Transactional(readOnly = true)
    public List<InboxItem> inbox(Caller caller, int limit) {
        List<MessageRecipient> inbox = copies.findByPracticeIdAndRecipientIdAndArchivedAtIsNullOrderBySentAtDesc(
                caller.practiceId(), caller.id(), PageRequest.of(0, limit));
        Map<UUID, Message> byId = messages.findAllById(inbox.stream().map(MessageRecipient::getMessageId).toList())
                .stream().collect(Collectors.toMap(Message::getId, Function.identity()));
        return inbox.stream().map(copy -> {
            Message message = byId.get(copy.getMessageId());
            return new InboxItem(message.getId(), message.getThreadId(), message.getSubject(), message.getSenderName(),
                    message.getSentAt(), copy.getReadAt() != null);
        }).toList();
    }

    @Transactional(readOnly = true)
    public List<InboxItem> sent(Caller caller, int limit) {
        return messages.findByPracticeIdAndSenderIdOrderBySentAtDesc(caller.practiceId(), caller.id(),
                        PageRequest.of(0, limit)).stream()
                .map(message -> new InboxItem(message.getId(), message.getThreadId(), message.getSubject(),
                        message.getSenderName(), message.getSentAt(), true))
                .toList();
    }

    private Message visibleMessage(Caller caller, UUID messageId) {
        return messages.findByIdAndPracticeId(messageId, caller.practiceId())
                .filter(message -> isSender(caller, message)
                        || copies.findByMessageIdAndRecipientId(messageId, caller.id()).isPresent())
                .orElseThrow(() -> ApiException.notFound("Message " + messageId));
    }

    private static boolean isSender(Caller caller, Message message) {
        return message.getSenderId().equals(caller.id());
    }

    /**
     * Privacy: a client sees the sender and themselves only; staff see the other staff recipients.
     * Delivery status shows only to the sender.
     */
    private static MessageView view(Caller caller, Message message, List<MessageRecipient> recipients,
                                    Map<UUID, List<DeliveryHistoryView.ChannelDelivery>> channels) {
        List<MessageView.RecipientView> visible = new ArrayList<>();
        for (MessageRecipient copy : recipients) {
            boolean isCaller = copy.getRecipientId().equals(caller.id());
            if (caller.kind() == PrincipalKind.client && !isCaller) {
                continue;
            }
            visible.add(new MessageView.RecipientView(copy.getRecipientId(), copy.getRecipientKind(),
                    copy.getDisplayName(), channels == null ? null
                    : DeliveryStatusStore.overall(channels.get(copy.getRecipientId()))));
        }
        return new MessageView(message.getId(), message.getThreadId(), message.getSubject(), message.getBody(),
                message.getSentAt(), new MessageView.Person(message.getSenderId(), message.getSenderKind(),
                message.getSenderName()), visible, message.getContentSha256());
    }

    static String sha256(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
