package com.carerelay.messaging.message;

import com.carerelay.events.Actor;
import com.carerelay.events.ContentSeal;
import com.carerelay.events.EventEnvelope;
import com.carerelay.events.MessageContent;
import com.carerelay.events.MessageSent;
import com.carerelay.events.Topics;
import com.carerelay.messaging.attachment.Attachment;
import com.carerelay.messaging.config.EventsConfig;
import com.carerelay.messaging.directory.DirectoryReplica;
import com.carerelay.messaging.message.web.MessageView;
import com.carerelay.messaging.template.Personalization;
import com.carerelay.platform.security.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Turns one accepted send or reply into what {@link MessageWriter} stores (the message, a copy per
 * recipient, the MessageSent outbox rows, {@code recipients-per-event} recipients per event) and the
 * 201 answer. A new message's subject and body are rendered per recipient; a reply's never are. The
 * events carry the content sealed ({@link ContentSeal}): only delivery-service can open it.
 */
@Component
class MessageSentFactory {

    /** What to store and what to answer. */
    record Prepared(NewMessage message, MessageView view) {
    }

    /** The content of one outgoing message, before rendering. */
    record Draft(UUID messageId, UUID threadId, String subject, String body, Map<String, String> variables,
                 boolean template) {
    }

    private final Personalization personalization;
    private final ContentSeal contentSeal;
    private final int recipientsPerEvent;

    MessageSentFactory(Personalization personalization, ContentSeal contentSeal,
                       @Value("${carerelay.messages.recipients-per-event}") int recipientsPerEvent) {
        this.personalization = personalization;
        this.contentSeal = contentSeal;
        this.recipientsPerEvent = recipientsPerEvent;
    }

    Prepared prepare(Caller caller, DirectoryReplica.SendingContext context, Draft draft,
                     List<RecipientResolver.Resolved> recipients, List<Attachment> attached,
                     NewMessage.IdempotencyClaim claim) {
        String senderName = context.sender().map(DirectoryReplica.Entry::displayName)
                .orElse(caller.name() == null ? "Staff member" : caller.name());
        Personalization.Rendering rendering = draft.template()
                ? personalization.render(draft.subject(), draft.body(),
                        recipients.stream().map(RecipientResolver.Resolved::entry).toList(), context.practice().name(),
                        senderName, draft.variables())
                : new Personalization.Rendering(new Personalization.Content(draft.subject(), draft.body()), Map.of());
        String subject = rendering.common() == null ? draft.subject() : rendering.common().subject();
        String body = rendering.common() == null ? draft.body() : rendering.common().body();
        String contentSha256 = contentSha256(subject, body, attached);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

        List<NewMessage.Copy> copyRows = new ArrayList<>(recipients.size());
        List<MessageSent.Recipient> eventRecipients = new ArrayList<>(recipients.size());
        for (RecipientResolver.Resolved recipient : recipients) {
            DirectoryReplica.Entry entry = recipient.entry();
            Personalization.Content own = rendering.perRecipient().get(entry.id());
            String ownSubject = own == null ? null : own.subject();
            String ownBody = own == null ? null : own.body();
            copyRows.add(new NewMessage.Copy(entry.id(), entry.principalKind(), entry.displayName(),
                    recipient.viaGroupId(), ownSubject, ownBody, entry.directAddress()));
            eventRecipients.add(new MessageSent.Recipient(entry.id(), entry.principalKind(), entry.displayName(),
                    recipient.viaGroupId(), entry.directAddress(),
                    own == null ? null : contentSha256(ownSubject, ownBody, attached)));
        }

        Actor sender = new Actor(caller.id(), caller.kind(), senderName,
                context.sender().map(DirectoryReplica.Entry::roles).orElse(null));
        List<MessageContent.Attachment> refs = attached.stream().map(attachment -> new MessageContent.Attachment(
                attachment.getId(), attachment.getFileName(), attachment.getMediaType(), attachment.getSizeBytes(),
                attachment.getSha256())).toList();
        String sealedContent = contentSeal.seal(draft.messageId(), new MessageContent(subject, body, refs));
        List<EventEnvelope.Outgoing> events = events(new MessageSent(draft.messageId(), caller.practiceId(),
                draft.threadId(), sender, sealedContent, contentSha256, now, eventRecipients, refs.size()),
                rendering.perRecipient());

        NewMessage message = new NewMessage(draft.messageId(), caller.practiceId(),
                draft.threadId(), caller.id(), caller.kind(), senderName, subject, body, contentSha256, now, copyRows,
                attached.stream().map(Attachment::getId).toList(), events, claim);
        List<MessageView.RecipientView> views = recipients.stream().map(recipient -> new MessageView.RecipientView(
                recipient.entry().id(), recipient.entry().principalKind(), recipient.entry().displayName(),
                recipient.viaGroupId(), "queued")).toList();
        return new Prepared(message, new MessageView(draft.messageId(), draft.threadId(), subject, body, now,
                new MessageView.Person(caller.id(), caller.kind(), senderName), views,
                attached.stream().map(MessageSentFactory::info).toList(), contentSha256));
    }

    /**
     * One MessageSent per {@code recipients-per-event} recipients, same key, numbered part of parts, each with
     * its recipients' own renderings sealed in one value.
     */
    private List<EventEnvelope.Outgoing> events(MessageSent whole, Map<UUID, Personalization.Content> renderings) {
        List<MessageSent.Recipient> all = whole.recipients();
        int parts = Math.max(1, (all.size() + recipientsPerEvent - 1) / recipientsPerEvent);
        List<EventEnvelope.Outgoing> events = new ArrayList<>(parts);
        for (int part = 0; part < parts; part++) {
            List<MessageSent.Recipient> slice = all.subList(part * recipientsPerEvent,
                    Math.min(all.size(), (part + 1) * recipientsPerEvent));
            Map<UUID, MessageContent.Rendering> own = new HashMap<>();
            for (MessageSent.Recipient recipient : slice) {
                Personalization.Content content = renderings.get(recipient.recipientId());
                if (content != null) {
                    own.put(recipient.recipientId(), new MessageContent.Rendering(content.subject(), content.body()));
                }
            }
            MessageSent event = whole.withRecipients(slice, part + 1, parts,
                    contentSeal.sealRenderings(whole.messageId(), part + 1, own));
            events.add(EventEnvelope.wrap(Topics.MESSAGES, whole.messageId().toString(), EventsConfig.SOURCE,
                    whole.messageId().toString(), MessageSent.TYPE, event));
        }
        return events;
    }

    static MessageView.AttachmentInfo info(Attachment attachment) {
        return new MessageView.AttachmentInfo(attachment.getId(), attachment.getFileName(), attachment.getMediaType(),
                attachment.getSizeBytes(), attachment.getSha256());
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
