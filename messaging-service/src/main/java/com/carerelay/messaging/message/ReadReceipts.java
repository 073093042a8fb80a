package com.carerelay.messaging.message;

import com.carerelay.events.Actor;
import com.carerelay.events.EventEnvelope;
import com.carerelay.events.MessageRead;
import com.carerelay.events.Topics;
import com.carerelay.messaging.config.EventsConfig;
import com.carerelay.messaging.directory.DirectoryReplica;
import com.carerelay.platform.outbox.OutboxWriter;
import com.carerelay.platform.security.Caller;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A recipient's own copy: read (the sender's read receipt, MessageRead) and archived. */
@Service
public class ReadReceipts {

    private final MessageAccess access;
    private final MessageRepository messages;
    private final DirectoryReplica directory;
    private final OutboxWriter outbox;

    ReadReceipts(MessageAccess access, MessageRepository messages, DirectoryReplica directory, OutboxWriter outbox) {
        this.access = access;
        this.messages = messages;
        this.directory = directory;
        this.outbox = outbox;
    }

    /** Marks the caller's copy read; the first time, publishes MessageRead (the sender's read receipt). */
    @Transactional
    public void markRead(Caller caller, UUID messageId) {
        MessageRecipient copy = access.ownCopy(caller, messageId);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (copy.markRead(now)) {
            Message message = messages.findById(messageId).orElseThrow();
            List<String> roles = caller.isStaff()
                    ? directory.find(caller.practiceId(), caller.id()).map(DirectoryReplica.Entry::roles).orElse(null)
                    : null;
            MessageRead read = new MessageRead(messageId, caller.practiceId(), message.getSenderId(),
                    new Actor(caller.id(), caller.kind(), copy.getDisplayName(), roles), now);
            outbox.append(List.of(EventEnvelope.wrap(Topics.MESSAGES, messageId.toString(), EventsConfig.SOURCE,
                    messageId.toString(), MessageRead.TYPE, read)));
        }
    }

    @Transactional
    public void archive(Caller caller, UUID messageId) {
        access.ownCopy(caller, messageId).archive(Instant.now());
    }
}
