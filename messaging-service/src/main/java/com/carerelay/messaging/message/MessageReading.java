package com.carerelay.messaging.message;

import com.carerelay.events.PrincipalKind;
import com.carerelay.messaging.attachment.AttachmentRepository;
import com.carerelay.messaging.delivery.DeliveryHistoryView;
import com.carerelay.messaging.delivery.DeliveryStatusStore;
import com.carerelay.messaging.message.web.InboxItem;
import com.carerelay.messaging.message.web.MessageView;
import com.carerelay.platform.security.Caller;
import com.carerelay.platform.web.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reading messages: one message, a thread, the inbox and sent lists, the sender's delivery history.
 * Privacy: the sender sees every recipient with delivery status; a staff recipient sees the staff
 * recipients; a client sees the sender and themselves only, never another client.
 */
@Service
public class MessageReading {

    private final MessageAccess access;
    private final MessageRepository messages;
    private final MessageRecipientRepository copies;
    private final AttachmentRepository attachments;
    private final DeliveryStatusStore deliveryStatus;

    MessageReading(MessageAccess access, MessageRepository messages, MessageRecipientRepository copies,
                   AttachmentRepository attachments, DeliveryStatusStore deliveryStatus) {
        this.access = access;
        this.messages = messages;
        this.copies = copies;
        this.attachments = attachments;
        this.deliveryStatus = deliveryStatus;
    }

    /** The message as the caller may see it: its sender or one of its recipients; anyone else gets 404. */
    @Transactional(readOnly = true)
    public MessageView get(Caller caller, UUID messageId) {
        Message message = access.visibleMessage(caller, messageId);
        List<MessageRecipient> recipients = copies.findByMessageIdOrderByDisplayName(messageId);
        return view(caller, message, recipients,
                MessageAccess.isSender(caller, message) ? deliveryStatus.channels(List.of(messageId)) : null);
    }

    /** Every message of a thread the caller sent or received, oldest first. */
    @Transactional(readOnly = true)
    public List<MessageView> thread(Caller caller, UUID threadId) {
        List<Message> thread = messages.findByPracticeIdAndThreadIdOrderBySentAt(caller.practiceId(), threadId);
        Set<UUID> received = copies.findByMessageIdInAndRecipientId(thread.stream().map(Message::getId).toList(), caller.id())
                .stream().map(MessageRecipient::getMessageId).collect(Collectors.toSet());
        List<Message> visible = thread.stream()
                .filter(message -> MessageAccess.isSender(caller, message) || received.contains(message.getId())).toList();
        if (visible.isEmpty()) {
            throw ApiException.notFound("Thread " + threadId);
        }
        Map<UUID, List<MessageRecipient>> recipientsByMessage = copies.findByMessageIdIn(
                        visible.stream().map(Message::getId).toList()).stream()
                .collect(Collectors.groupingBy(MessageRecipient::getMessageId));
        return visible.stream().map(message -> view(caller, message,
                recipientsByMessage.getOrDefault(message.getId(), List.of()), null)).toList();
    }

    /** Per recipient and channel delivery status with timelines; only for the sender. */
    @Transactional(readOnly = true)
    public DeliveryHistoryView deliveryHistory(Caller caller, UUID messageId) {
        Message message = messages.findByIdAndPracticeId(messageId, caller.practiceId())
                .filter(found -> MessageAccess.isSender(caller, found))
                .orElseThrow(() -> ApiException.notFound("Message " + messageId));
        Map<UUID, List<DeliveryHistoryView.ChannelDelivery>> channels = deliveryStatus.channels(List.of(message.getId()));
        return new DeliveryHistoryView(messageId, copies.findByMessageIdOrderByDisplayName(messageId).stream()
                .map(copy -> new DeliveryHistoryView.RecipientDelivery(copy.getRecipientId(), copy.getRecipientKind(),
                        copy.getDisplayName(), status(copy, channels), copy.getReadAt(),
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
            return new InboxItem(message.getId(), message.getThreadId(),
                    Objects.requireNonNullElse(copy.getSubject(), message.getSubject()), message.getSenderName(),
                    message.getSentAt(), copy.getReadAt() != null);
        }).toList();
    }

    @Transactional(readOnly = true)
    public long unreadCount(Caller caller) {
        return copies.countByPracticeIdAndRecipientIdAndReadAtIsNullAndArchivedAtIsNull(caller.practiceId(), caller.id());
    }

    @Transactional(readOnly = true)
    public List<InboxItem> sent(Caller caller, int limit) {
        return messages.findByPracticeIdAndSenderIdOrderBySentAtDesc(caller.practiceId(), caller.id(),
                        PageRequest.of(0, limit)).stream()
                .map(message -> new InboxItem(message.getId(), message.getThreadId(), message.getSubject(),
                        message.getSenderName(), message.getSentAt(), true))
                .toList();
    }

    private static String status(MessageRecipient copy, Map<UUID, List<DeliveryHistoryView.ChannelDelivery>> channels) {
        return copy.getReadAt() != null ? "read" : DeliveryStatusStore.overall(channels.get(copy.getRecipientId()));
    }

    private MessageView view(Caller caller, Message message, List<MessageRecipient> recipients,
                             Map<UUID, List<DeliveryHistoryView.ChannelDelivery>> channels) {
        boolean sender = MessageAccess.isSender(caller, message);
        String subject = message.getSubject();
        String body = message.getBody();
        List<MessageView.RecipientView> visible = new ArrayList<>();
        for (MessageRecipient copy : recipients) {
            boolean isCaller = copy.getRecipientId().equals(caller.id());
            if (isCaller) {
                subject = Objects.requireNonNullElse(copy.getSubject(), subject);
                body = Objects.requireNonNullElse(copy.getBody(), body);
            }
            boolean shown = sender || isCaller
                    || (caller.kind() == PrincipalKind.staff && copy.getRecipientKind() == PrincipalKind.staff);
            if (shown) {
                visible.add(new MessageView.RecipientView(copy.getRecipientId(), copy.getRecipientKind(),
                        copy.getDisplayName(), copy.getViaGroupId(), channels == null ? null : status(copy, channels)));
            }
        }
        return new MessageView(message.getId(), message.getThreadId(), subject, body, message.getSentAt(),
                new MessageView.Person(message.getSenderId(), message.getSenderKind(), message.getSenderName()), visible,
                attachments.summariesOf(message.getId()).stream().map(summary -> new MessageView.AttachmentInfo(
                        summary.getId(), summary.getFileName(), summary.getMediaType(), summary.getSizeBytes(),
                        summary.getSha256())).toList(),
                message.getContentSha256());
    }
}
