package com.carerelay.messaging.message;

import com.carerelay.events.Actor;
import com.carerelay.events.EventEnvelope;
import com.carerelay.events.MessageRead;
import com.carerelay.events.MessageSent;
import com.carerelay.events.PrincipalKind;
import com.carerelay.events.Topics;
import com.carerelay.messaging.attachment.Attachment;
import com.carerelay.messaging.attachment.AttachmentRepository;
import com.carerelay.platform.security.Caller;
import com.carerelay.messaging.config.EventsConfig;
import com.carerelay.platform.outbox.OutboxWriter;
import com.carerelay.messaging.delivery.DeliveryHistoryView;
import com.carerelay.messaging.delivery.DeliveryStatusStore;
import com.carerelay.messaging.directory.DirectoryReplica;
import com.carerelay.messaging.message.web.InboxItem;
import com.carerelay.messaging.message.web.MessageView;
import com.carerelay.messaging.message.web.ReplyRequest;
import com.carerelay.messaging.message.web.SendMessageRequest;
import com.carerelay.messaging.template.MessageTemplate;
import com.carerelay.messaging.template.MessageTemplateRepository;
import com.carerelay.messaging.template.Personalization;
import com.carerelay.platform.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/** Sending, replying, reading and the views of messages. */
@Service
public class MessageService {

    static final String SEND = "message:send";

    /** The sent message, and whether it was an idempotent replay of an earlier request. */
    public record Sent(MessageView message, boolean replayed) {
    }

    private final MessageRepository messages;
    private final MessageRecipientRepository copies;
    private final DirectoryReplica directory;
    private final RecipientResolver resolver;
    private final Personalization personalization;
    private final MessageTemplateRepository templates;
    private final AttachmentRepository attachments;
    private final DeliveryStatusStore deliveryStatus;
    private final OutboxWriter outbox;
    private final SendRateLimiter rateLimiter;
    private final IdempotencyKeys idempotencyKeys;
    private final MessageWriter writer;
    private final JsonMapper json;
    private final int recipientsPerEvent;
    private final DataSize maxAttachmentsPerMessage;

    public MessageService(MessageRepository messages, MessageRecipientRepository copies, DirectoryReplica directory,
                          RecipientResolver resolver, Personalization personalization,
                          MessageTemplateRepository templates, AttachmentRepository attachments,
                          DeliveryStatusStore deliveryStatus, OutboxWriter outbox, SendRateLimiter rateLimiter,
                          IdempotencyKeys idempotencyKeys, MessageWriter writer, JsonMapper json,
                          @Value("${carerelay.messages.recipients-per-event}") int recipientsPerEvent,
                          @Value("${carerelay.attachments.max-message-size}") DataSize maxAttachmentsPerMessage) {
        this.messages = messages;
        this.copies = copies;
        this.directory = directory;
        this.resolver = resolver;
        this.personalization = personalization;
        this.templates = templates;
        this.attachments = attachments;
        this.deliveryStatus = deliveryStatus;
        this.outbox = outbox;
        this.rateLimiter = rateLimiter;
        this.idempotencyKeys = idempotencyKeys;
        this.writer = writer;
        this.json = json;
        this.recipientsPerEvent = recipientsPerEvent;
        this.maxAttachmentsPerMessage = maxAttachmentsPerMessage;
    }

    /**
     * Checks the sender's permissions, resolves recipients from the local directory replica, renders
     * per recipient and, in one transaction, stores the message, one copy per recipient and the
     * MessageSent outbox rows. Any refusal stores and publishes nothing.
     */
    /**
     * Checks the sender's permissions, resolves recipients from the local directory replica, renders
     * per recipient and stores the message, one copy per recipient and the MessageSent outbox rows in
     * one transaction (shared with concurrent sends, see {@link MessageWriter}). Any refusal stores and
     * publishes nothing.
     */
    public Sent send(Caller caller, SendMessageRequest request, String idempotencyKey) {
        if (!caller.isStaff()) {
            throw ApiException.forbidden("Only staff can start a message; clients reply in a thread.");
        }
        caller.require(SEND);
        rateLimiter.acquire(caller.id());
        MessageWriter.IdempotencyClaim claim = null;
        if (idempotencyKey != null) {
            claim = new MessageWriter.IdempotencyClaim(idempotencyKey, sha256(json.writeValueAsString(request)));
            Optional<Sent> replay = replay(caller, claim);
            if (replay.isPresent()) {
                return replay.get();
            }
        }
        String subject = request.subject();
        String body = request.body();
        if (request.templateId() != null) {
            if (subject != null || body != null) {
                throw ApiException.badField("templateId", "templateId: send either a template or a subject and body, not both.");
            }
            MessageTemplate template = templates.findByIdAndPracticeId(request.templateId(), caller.practiceId())
                    .orElseThrow(() -> ApiException.badField("templateId", "templateId: no template "
                            + request.templateId() + " in this practice."));
            subject = template.getSubject();
            body = template.getBody();
        }
        if (subject == null || subject.isBlank()) {
            throw ApiException.badField("subject", "subject: must not be blank");
        }
        if (body == null || body.isBlank()) {
            throw ApiException.badField("body", "body: must not be blank");
        }
        DirectoryReplica.SendingContext context = directory.sendingContext(caller.practiceId(), caller.id());
        List<RecipientResolver.Resolved> recipients = resolver.resolve(caller, context, request.recipients());
        List<Attachment> attached = attachable(caller, request.attachments());
        UUID messageId = UUID.randomUUID();
        Prepared prepared = prepare(caller, context, messageId, messageId, subject, body, request.variables(), recipients,
                attached, claim);
        if (writer.write(prepared.message()) == MessageWriter.Outcome.KEY_ALREADY_CLAIMED) {
            return replay(caller, claim).orElseThrow();
        }
        return new Sent(prepared.view(), false);
    }

    /** The earlier answer to a request with this key, if there was one; 422 if that request was a different one. */
    private Optional<Sent> replay(Caller caller, MessageWriter.IdempotencyClaim claim) {
        return idempotencyKeys.earlier(caller, claim.key(), claim.requestSha256())
                .map(earlier -> new Sent(get(caller, earlier), true));
    }

    /**
     * A reply in the thread of a message the caller sent or received: from a recipient it goes to the
     * sender (a client can reply from the portal); from the sender it goes to every recipient.
     */
    public Sent reply(Caller caller, UUID messageId, ReplyRequest request) {
        Message original = visibleMessage(caller, messageId);
        DirectoryReplica.SendingContext context = directory.sendingContext(caller.practiceId(), caller.id());
        if (caller.isStaff()) {
            caller.require(SEND);
        } else if (!context.practice().portalMessaging()) {
            throw ApiException.forbidden("Client portal messaging is turned off for this practice.");
        }
        rateLimiter.acquire(caller.id());
        Set<UUID> to = new LinkedHashSet<>();
        if (isSender(caller, original)) {
            copies.findByMessageIdOrderByDisplayName(messageId).forEach(copy -> to.add(copy.getRecipientId()));
        } else {
            to.add(original.getSenderId());
        }
        to.remove(caller.id());
        List<RecipientResolver.Resolved> recipients = new ArrayList<>();
        for (UUID id : to) {
            DirectoryReplica.Entry entry = directory.find(caller.practiceId(), id)
                    .filter(DirectoryReplica.Entry::active)
                    .orElseThrow(() -> new ApiException(HttpStatus.CONFLICT, null,
                            "A recipient of this thread can no longer receive messages."));
            recipients.add(new RecipientResolver.Resolved(entry, null));
        }
        String subject = original.getSubject().startsWith("Re: ") ? original.getSubject() : "Re: " + original.getSubject();
        UUID replyId = UUID.randomUUID();
        Prepared prepared = prepare(caller, context, replyId, original.getThreadId(), subject, request.body(), Map.of(),
                recipients, attachable(caller, request.attachments()), null);
        writer.write(prepared.message());
        return new Sent(prepared.view(), false);
    }

    /** What to store and what to answer. */
    private record Prepared(MessageWriter.NewMessage message, MessageView view) {
    }

    private Prepared prepare(Caller caller, DirectoryReplica.SendingContext context, UUID messageId, UUID threadId,
                             String subject, String body, Map<String, String> variables,
                             List<RecipientResolver.Resolved> recipients, List<Attachment> attached,
                             MessageWriter.IdempotencyClaim claim) {
        String senderName = context.sender().map(DirectoryReplica.Entry::displayName)
                .orElse(caller.name() == null ? "Staff member" : caller.name());
        String practiceName = context.practice().name();
        Personalization.Rendering rendering = personalization.render(subject, body,
                recipients.stream().map(RecipientResolver.Resolved::entry).toList(), practiceName, senderName, variables);
        String messageSubject = rendering.common() == null ? subject : rendering.common().subject();
        String messageBody = rendering.common() == null ? body : rendering.common().body();
        String contentSha256 = contentSha256(messageSubject, messageBody, attached);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

        List<MessageWriter.Copy> copyRows = new ArrayList<>(recipients.size());
        List<MessageSent.Recipient> eventRecipients = new ArrayList<>(recipients.size());
        for (RecipientResolver.Resolved recipient : recipients) {
            DirectoryReplica.Entry entry = recipient.entry();
            Personalization.Content own = rendering.perRecipient().get(entry.id());
            String ownSubject = own == null ? null : own.subject();
            String ownBody = own == null ? null : own.body();
            copyRows.add(new MessageWriter.Copy(entry.id(), entry.principalKind(), entry.displayName(),
                    recipient.viaGroupId(), ownSubject, ownBody, entry.directAddress()));
            eventRecipients.add(new MessageSent.Recipient(entry.id(), entry.principalKind(), entry.displayName(),
                    recipient.viaGroupId(), entry.directAddress(), ownSubject, ownBody,
                    own == null ? null : contentSha256(ownSubject, ownBody, attached)));
        }

        Actor sender = new Actor(caller.id(), caller.kind(), senderName,
                context.sender().map(DirectoryReplica.Entry::roles).orElse(null));
        List<MessageSent.AttachmentRef> refs = attached.stream().map(attachment -> new MessageSent.AttachmentRef(
                attachment.getId(), attachment.getFileName(), attachment.getMediaType(), attachment.getSizeBytes(),
                attachment.getSha256())).toList();
        int batches = Math.max(1, (eventRecipients.size() + recipientsPerEvent - 1) / recipientsPerEvent);
        List<EventEnvelope.Outgoing> events = new ArrayList<>(batches);
        for (int batch = 0; batch < batches; batch++) {
            List<MessageSent.Recipient> slice = eventRecipients.subList(batch * recipientsPerEvent,
                    Math.min(eventRecipients.size(), (batch + 1) * recipientsPerEvent));
            MessageSent event = new MessageSent(messageId, caller.practiceId(), threadId, sender, messageSubject,
                    messageBody, contentSha256, now, slice, refs, batch + 1, batches);
            events.add(EventEnvelope.wrap(Topics.MESSAGES, messageId.toString(), EventsConfig.SOURCE,
                    messageId.toString(), MessageSent.TYPE, event));
        }

        MessageWriter.NewMessage message = new MessageWriter.NewMessage(messageId, caller.practiceId(), threadId,
                caller.id(), caller.kind(), senderName, messageSubject, messageBody, contentSha256, now, copyRows,
                attached.stream().map(Attachment::getId).toList(), events, claim);
        List<MessageView.RecipientView> views = recipients.stream().map(recipient -> new MessageView.RecipientView(
                recipient.entry().id(), recipient.entry().principalKind(), recipient.entry().displayName(),
                recipient.viaGroupId(), "queued")).toList();
        return new Prepared(message, new MessageView(messageId, threadId, messageSubject, messageBody, now,
                new MessageView.Person(caller.id(), caller.kind(), senderName), views, attachmentInfo(attached),
                contentSha256));
    }

    /** The caller's own uploads, not yet sent, within the per-message size limit. */
    private List<Attachment> attachable(Caller caller, List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<UUID, Attachment> found = attachments.findByPracticeIdAndIdIn(caller.practiceId(), ids).stream()
                .filter(attachment -> attachment.getUploadedBy().equals(caller.id()))
                .collect(Collectors.toMap(Attachment::getId, Function.identity()));
        List<Attachment> attached = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < ids.size(); i++) {
            Attachment attachment = found.get(ids.get(i));
            if (attachment == null) {
                throw ApiException.badField("attachmentIds[" + i + "]", "attachmentIds[" + i + "]: no attachment "
                        + ids.get(i) + " uploaded by you.");
            }
            if (attachment.getMessageId() != null) {
                throw ApiException.badField("attachmentIds[" + i + "]", "attachmentIds[" + i
                        + "]: this attachment was already sent with another message; upload it again.");
            }
            if (!attached.contains(attachment)) {
                attached.add(attachment);
                total += attachment.getSizeBytes();
            }
        }
        if (total > maxAttachmentsPerMessage.toBytes()) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "attachmentIds", "attachmentIds: the attachments add up to more"
                    + " than the " + maxAttachmentsPerMessage.toMegabytes() + " MB allowed per message.");
        }
        return attached;
    }

    /** The message as the caller may see it: its sender or one of its recipients; anyone else gets 404. */
    @Transactional(readOnly = true)
    public MessageView get(Caller caller, UUID messageId) {
        Message message = visibleMessage(caller, messageId);
        List<MessageRecipient> recipients = copies.findByMessageIdOrderByDisplayName(messageId);
        return view(caller, message, recipients, isSender(caller, message) ? deliveryStatus.channels(List.of(messageId)) : null);
    }

    /** Every message of a thread the caller sent or received, oldest first. */
    @Transactional(readOnly = true)
    public List<MessageView> thread(Caller caller, UUID threadId) {
        List<Message> thread = messages.findByPracticeIdAndThreadIdOrderBySentAt(caller.practiceId(), threadId);
        Set<UUID> received = copies.findByMessageIdInAndRecipientId(thread.stream().map(Message::getId).toList(), caller.id())
                .stream().map(MessageRecipient::getMessageId).collect(Collectors.toSet());
        List<Message> visible = thread.stream()
                .filter(message -> isSender(caller, message) || received.contains(message.getId())).toList();
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
                .filter(found -> isSender(caller, found))
                .orElseThrow(() -> ApiException.notFound("Message " + messageId));
        Map<UUID, List<DeliveryHistoryView.ChannelDelivery>> channels = deliveryStatus.channels(List.of(message.getId()));
        return new DeliveryHistoryView(messageId, copies.findByMessageIdOrderByDisplayName(messageId).stream()
                .map(copy -> new DeliveryHistoryView.RecipientDelivery(copy.getRecipientId(), copy.getRecipientKind(),
                        copy.getDisplayName(), status(copy, channels), copy.getReadAt(),
                        channels.getOrDefault(copy.getRecipientId(), List.of())))
                .toList());
    }

    /** Marks the caller's copy read; the first time, publishes MessageRead (the sender's read receipt). */
    @Transactional
    public void markRead(Caller caller, UUID messageId) {
        MessageRecipient copy = ownCopy(caller, messageId);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (copy.markRead(now)) {
            Message message = messages.findById(messageId).orElseThrow();
            MessageRead read = new MessageRead(messageId, caller.practiceId(), message.getSenderId(),
                    new Actor(caller.id(), caller.kind(), copy.getDisplayName(), caller.isStaff()
                            ? directory.find(caller.practiceId(), caller.id()).map(DirectoryReplica.Entry::roles).orElse(null)
                            : null), now);
            outbox.append(List.of(EventEnvelope.wrap(Topics.MESSAGES, messageId.toString(), EventsConfig.SOURCE,
                    messageId.toString(), MessageRead.TYPE, read)));
        }
    }

    @Transactional
    public void archive(Caller caller, UUID messageId) {
        ownCopy(caller, messageId).archive(Instant.now());
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

    private MessageRecipient ownCopy(Caller caller, UUID messageId) {
        return messages.findByIdAndPracticeId(messageId, caller.practiceId())
                .flatMap(message -> copies.findByMessageIdAndRecipientId(messageId, caller.id()))
                .orElseThrow(() -> ApiException.notFound("Message " + messageId));
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

    private static String status(MessageRecipient copy, Map<UUID, List<DeliveryHistoryView.ChannelDelivery>> channels) {
        return copy.getReadAt() != null ? "read" : DeliveryStatusStore.overall(channels.get(copy.getRecipientId()));
    }

    /**
     * Privacy: the sender sees every recipient with delivery status; a staff recipient sees the staff
     * recipients; a client sees the sender and themselves only, never another client.
     */
    private MessageView view(Caller caller, Message message, List<MessageRecipient> recipients,
                             Map<UUID, List<DeliveryHistoryView.ChannelDelivery>> channels) {
        boolean sender = isSender(caller, message);
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

    private static List<MessageView.AttachmentInfo> attachmentInfo(Collection<Attachment> attached) {
        return attached.stream().map(attachment -> new MessageView.AttachmentInfo(attachment.getId(),
                attachment.getFileName(), attachment.getMediaType(), attachment.getSizeBytes(), attachment.getSha256()))
                .toList();
    }

    /** The digest audit records instead of content: subject, body and the attachments' digests. */
    static String contentSha256(String subject, String body, List<Attachment> attached) {
        StringBuilder content = new StringBuilder(subject).append('\n').append(body);
        attached.forEach(attachment -> content.append('\n').append(attachment.getSha256()));
        return sha256(content.toString());
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
