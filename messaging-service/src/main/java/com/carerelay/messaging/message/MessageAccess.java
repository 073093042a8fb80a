package com.carerelay.messaging.message;

import com.carerelay.platform.security.Caller;
import com.carerelay.platform.web.ApiException;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Who may see a message: its sender and its recipients, in its own practice; anyone else gets 404. */
@Component
class MessageAccess {

    private final MessageRepository messages;
    private final MessageRecipientRepository copies;

    MessageAccess(MessageRepository messages, MessageRecipientRepository copies) {
        this.messages = messages;
        this.copies = copies;
    }

    Message visibleMessage(Caller caller, UUID messageId) {
        return messages.findByIdAndPracticeId(messageId, caller.practiceId())
                .filter(message -> isSender(caller, message)
                        || copies.findByMessageIdAndRecipientId(messageId, caller.id()).isPresent())
                .orElseThrow(() -> ApiException.notFound("Message " + messageId));
    }

    /** The caller's own copy of a message they received. */
    MessageRecipient ownCopy(Caller caller, UUID messageId) {
        return messages.findByIdAndPracticeId(messageId, caller.practiceId())
                .flatMap(message -> copies.findByMessageIdAndRecipientId(messageId, caller.id()))
                .orElseThrow(() -> ApiException.notFound("Message " + messageId));
    }

    static boolean isSender(Caller caller, Message message) {
        return message.getSenderId().equals(caller.id());
    }
}
