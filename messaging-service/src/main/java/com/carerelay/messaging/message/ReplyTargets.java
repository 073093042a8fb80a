package com.carerelay.messaging.message;

import com.carerelay.events.PrincipalKind;
import com.carerelay.messaging.message.web.SendMessageRequest;
import com.carerelay.platform.security.Caller;
import com.carerelay.platform.web.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Whom a reply goes to. A recipient answers the message's sender (a client can answer no one else).
 * The sender answers the people they pick ({@code recipientIds}, from that message's recipients), the
 * only recipient, or, when every recipient is staff, all of them; a message that reached several
 * people including clients needs a pick, so one client's conversation never reaches another client.
 */
@Component
class ReplyTargets {

    /** The reply's recipients (by kind, for {@link RecipientResolver}), its thread and the subject the replier saw. */
    record Targets(SendMessageRequest.Recipients recipients, UUID threadId, String subjectSeen) {
    }

    private final MessageAccess access;
    private final MessageRecipientRepository copies;

    ReplyTargets(MessageAccess access, MessageRecipientRepository copies) {
        this.access = access;
        this.copies = copies;
    }

    @Transactional(readOnly = true)
    Targets of(Caller caller, UUID messageId, List<UUID> picked) {
        Message original = access.visibleMessage(caller, messageId);
        List<MessageRecipient> recipients = copies.findByMessageIdOrderByDisplayName(messageId);
        Map<UUID, PrincipalKind> participants = new LinkedHashMap<>();
        participants.put(original.getSenderId(), original.getSenderKind());
        recipients.forEach(copy -> participants.put(copy.getRecipientId(), copy.getRecipientKind()));
        participants.remove(caller.id());
        boolean fromSender = MessageAccess.isSender(caller, original);

        List<UUID> to = new ArrayList<>();
        for (int i = 0; i < picked.size(); i++) {
            UUID id = picked.get(i);
            boolean allowed = fromSender ? participants.containsKey(id) && !id.equals(original.getSenderId())
                    : id.equals(original.getSenderId());
            if (!allowed) {
                String field = "recipientIds[" + i + "]";
                throw ApiException.badField(field, field + ": " + (fromSender
                        ? "not a recipient of this message." : "you can answer only the message's sender."));
            }
            if (!to.contains(id)) {
                to.add(id);
            }
        }
        if (to.isEmpty() && !fromSender) {
            to.add(original.getSenderId());
        }
        if (to.isEmpty()) {
            List<MessageRecipient> others = recipients.stream()
                    .filter(copy -> !copy.getRecipientId().equals(caller.id())).toList();
            boolean allStaff = others.stream().allMatch(copy -> copy.getRecipientKind() == PrincipalKind.staff);
            if (others.size() != 1 && !allStaff) {
                throw ApiException.badField("recipientIds", "recipientIds: this message went to several people,"
                        + " clients among them; choose whom to answer.");
            }
            others.forEach(copy -> to.add(copy.getRecipientId()));
        }
        return new Targets(byKind(to, participants), original.getThreadId(), subjectSeen(caller, original, recipients, to));
    }

    /** What the replier saw: their own copy's subject, or (the sender answering one person) that person's copy's. */
    private static String subjectSeen(Caller caller, Message original, List<MessageRecipient> recipients, List<UUID> to) {
        UUID whose = MessageAccess.isSender(caller, original) && to.size() == 1 ? to.getFirst() : caller.id();
        String seen = recipients.stream().filter(copy -> copy.getRecipientId().equals(whose))
                .map(MessageRecipient::getSubject).filter(Objects::nonNull).findFirst().orElse(original.getSubject());
        return seen.startsWith("Re: ") ? seen.substring(4) : seen;
    }

    private static SendMessageRequest.Recipients byKind(List<UUID> to, Map<UUID, PrincipalKind> kinds) {
        List<UUID> staff = new ArrayList<>();
        List<UUID> clients = new ArrayList<>();
        List<UUID> contacts = new ArrayList<>();
        for (UUID id : to) {
            switch (kinds.get(id)) {
                case staff -> staff.add(id);
                case client -> clients.add(id);
                case direct_contact -> contacts.add(id);
                default -> throw new IllegalStateException("a message participant of kind " + kinds.get(id));
            }
        }
        return new SendMessageRequest.Recipients(staff, List.of(), clients, contacts, List.of(), null);
    }
}
