package com.carerelay.messaging.message;

import com.carerelay.messaging.directory.DirectoryReplica;
import com.carerelay.messaging.message.web.MessageView;
import com.carerelay.messaging.message.web.ReplyRequest;
import com.carerelay.messaging.message.web.SendMessageRequest;
import com.carerelay.messaging.template.MessageTemplate;
import com.carerelay.messaging.template.MessageTemplateRepository;
import com.carerelay.platform.security.Caller;
import com.carerelay.platform.web.ApiException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sending a new message and replying in a thread, on ONE path: the sender is checked against the
 * directory replica ({@link Senders}), the recipients by {@link RecipientResolver} with exactly the
 * same rules whether it is a new message or a reply, and {@link MessageWriter} stores it all in one
 * transaction. Any refusal stores and publishes nothing.
 */
@Service
public class MessageSending {

    /** The sent message, and whether it was an idempotent replay of an earlier request. */
    public record Sent(MessageView message, boolean replayed) {
    }

    private final Senders senders;
    private final RecipientResolver resolver;
    private final ReplyTargets replyTargets;
    private final SendableAttachments attachments;
    private final MessageTemplateRepository templates;
    private final MessageSentFactory factory;
    private final MessageWriter writer;
    private final SendRateLimiter rateLimiter;
    private final IdempotencyKeys idempotencyKeys;
    private final MessageReading reading;
    private final JsonMapper json;

    MessageSending(Senders senders, RecipientResolver resolver, ReplyTargets replyTargets,
                   SendableAttachments attachments, MessageTemplateRepository templates, MessageSentFactory factory,
                   MessageWriter writer, SendRateLimiter rateLimiter, IdempotencyKeys idempotencyKeys,
                   MessageReading reading, JsonMapper json) {
        this.senders = senders;
        this.resolver = resolver;
        this.replyTargets = replyTargets;
        this.attachments = attachments;
        this.templates = templates;
        this.factory = factory;
        this.writer = writer;
        this.rateLimiter = rateLimiter;
        this.idempotencyKeys = idempotencyKeys;
        this.reading = reading;
        this.json = json;
    }

    /**
     * A new message. Staff send to anyone the rules allow; a client starts a message only to their care
     * team (staff who have messaged them before), see {@link Senders#clientRecipients}.
     */
    public Sent send(Caller caller, SendMessageRequest request, String idempotencyKey) {
        DirectoryReplica.SendingContext context = senders.check(caller);
        rateLimiter.acquire(caller.id());
        NewMessage.IdempotencyClaim claim = null;
        if (idempotencyKey != null) {
            claim = new NewMessage.IdempotencyClaim(idempotencyKey,
                    MessageSentFactory.sha256(json.writeValueAsString(request)));
            Optional<Sent> replay = replay(caller, claim);
            if (replay.isPresent()) {
                return replay.get();
            }
        }
        String subject = request.subject();
        String body = request.body();
        if (request.templateId() != null) {
            if (!caller.isStaff()) {
                throw ApiException.badField("templateId", "templateId: only staff send from templates.");
            }
            if (subject != null || body != null) {
                throw ApiException.badField("templateId", "templateId: send either a template or a subject and body, not both.");
            }
            MessageTemplate template = templates.findByIdAndPracticeId(request.templateId(), caller.practiceId())
                    .orElseThrow(() -> ApiException.badField("templateId", "templateId: no template "
                            + request.templateId() + " in this practice."));
            subject = template.getSubject();
            body = template.getBody();
        }
        requireText("subject", subject);
        requireText("body", body);
        SendMessageRequest.Recipients wanted = caller.isStaff() ? request.recipients()
                : senders.clientRecipients(caller, request.recipients());
        List<RecipientResolver.Resolved> recipients = resolver.resolve(caller, context, wanted);
        UUID messageId = UUID.randomUUID();
        MessageSentFactory.Prepared prepared = factory.prepare(caller, context,
                new MessageSentFactory.Draft(messageId, messageId, subject, body, request.variables(), caller.isStaff()),
                recipients, attachments.select(caller, request.attachments()), claim);
        if (writer.write(prepared.message()) == MessageWriter.Outcome.KEY_ALREADY_CLAIMED) {
            return replay(caller, claim).orElseThrow();
        }
        return new Sent(prepared.view(), false);
    }

    /**
     * A reply in the thread of a message the caller sent or received, to the people {@link ReplyTargets}
     * allows, checked exactly as a new message to them would be. Its subject is "Re: " and the subject the
     * replier saw; its text is never a template.
     */
    public Sent reply(Caller caller, UUID messageId, ReplyRequest request) {
        ReplyTargets.Targets targets = replyTargets.of(caller, messageId, request.recipients()); // 404 first
        DirectoryReplica.SendingContext context = senders.check(caller);
        rateLimiter.acquire(caller.id());
        List<RecipientResolver.Resolved> recipients = resolver.resolve(caller, context, targets.recipients());
        MessageSentFactory.Prepared prepared = factory.prepare(caller, context,
                new MessageSentFactory.Draft(UUID.randomUUID(), targets.threadId(), "Re: " + targets.subjectSeen(),
                        request.body(), Map.of(), false),
                recipients, attachments.select(caller, request.attachments()), null);
        writer.write(prepared.message());
        return new Sent(prepared.view(), false);
    }

    /** The earlier answer to a request with this key, if there was one; 422 if that request was a different one. */
    private Optional<Sent> replay(Caller caller, NewMessage.IdempotencyClaim claim) {
        return idempotencyKeys.earlier(caller, claim.key(), claim.requestSha256())
                .map(earlier -> new Sent(reading.get(caller, earlier), true));
    }

    private static void requireText(String field, String text) {
        if (text == null || text.isBlank()) {
            throw ApiException.badField(field, field + ": must not be blank");
        }
    }
}
