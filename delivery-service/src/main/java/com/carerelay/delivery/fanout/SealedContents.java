package com.carerelay.delivery.fanout;

import com.carerelay.events.ContentSeal;
import com.carerelay.events.MessageContent;
import com.carerelay.events.MessageSent;
import com.carerelay.platform.consumer.RejectedEventException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The content of one batch's MessageSent events, opened once per event and only when a channel that
 * carries content (webhook, DIRECT) needs it. An event whose content does not open is refused: it is
 * dead-lettered, and ops redrive it once the keys match.
 */
final class SealedContents {

    static final String UNOPENABLE = "the message's sealed content does not open with carerelay.message-content.key"
            + " (is CARERELAY_MESSAGE_CONTENT_KEY the same in messaging-service and delivery-service?)";

    private record Opened(MessageContent content, Map<UUID, MessageContent.Rendering> renderings) {
    }

    private final ContentSeal seal;
    private final Map<MessageSent, Opened> opened = new IdentityHashMap<>();

    SealedContents(ContentSeal seal) {
        this.seal = seal;
    }

    /** What this recipient of the event receives: their own rendering if a template made one, else the message's. */
    MessageContent forRecipient(MessageSent message, MessageSent.Recipient recipient) {
        try {
            Opened event = opened.computeIfAbsent(message,
                    sent -> new Opened(seal.open(sent), seal.openRenderings(sent)));
            return event.content().renderedAs(event.renderings().get(recipient.recipientId()));
        } catch (IllegalStateException e) {
            throw new RejectedEventException(UNOPENABLE);
        }
    }
}
