package com.carerelay.audit.ingest;

import com.carerelay.audit.directory.DirectoryReplica;
import com.carerelay.audit.log.AuditLog;
import com.carerelay.audit.log.NewEntry;
import com.carerelay.platform.consumer.RejectedEventException;
import com.carerelay.events.Actor;
import com.carerelay.events.DeliveryStatusChanged;
import com.carerelay.events.EventEnvelope;
import com.carerelay.events.MessageRead;
import com.carerelay.events.MessageSent;
import com.carerelay.events.PrincipalKind;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Turns message and delivery events into log entries, inside the consumer's batch transaction
 * (which also records the event ids, so each event is logged once):
 * <ul>
 *   <li>MessageSent: {@code message.sent} in the sender's log (once per message, from its first
 *       recipient batch) and {@code message.received} in each recipient's log, attributed to the sender,
 *       with the SHA-256 of what that recipient received (never the content);</li>
 *   <li>DeliveryStatusChanged: {@code delivery.<status>} with channel, outcome and reason in the
 *       recipient's log, attributed to the sender;</li>
 *   <li>MessageRead: {@code message.read} in the reader's log and in the sender's log.</li>
 * </ul>
 * Each entry records the actor's role at the time: the roles the event's actor carries (MessageSent's
 * sender, MessageRead's reader), else, for a staff actor, the roles the directory replica holds for
 * them when the entry is written (delivery events, events from before roles were carried); none for
 * clients and the system. An event missing what an entry needs is refused, so it goes to the dead-letter topic.
 */
@Component
public class EventAuditor {

    private static final String INSERT_SEEN = """
            insert into event_seen (event_id, practice_id, event_type, handled_at, entries_written)
            values (?, ?, ?, ?, ?)""";

    private final AuditLog log;
    private final DirectoryReplica directory;
    private final JdbcTemplate jdbc;

    public EventAuditor(AuditLog log, DirectoryReplica directory, JdbcTemplate jdbc) {
        this.log = log;
        this.directory = directory;
        this.jdbc = jdbc;
    }

    private record Seen(String eventId, UUID practiceId, String type, int entries) {
    }

    /** Appends the entries of a batch of events, in the batch's order. */
    public void record(List<EventEnvelope.Incoming> events) {
        List<Object> payloads = events.stream().map(EventEnvelope.Incoming::payload).toList();
        Map<UUID, DirectoryReplica.Person> people = directory.find(attributedIds(payloads));
        List<NewEntry> entries = new ArrayList<>();
        List<Seen> seen = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            EventEnvelope.Incoming event = events.get(i);
            int before = entries.size();
            UUID practiceId = switch (payloads.get(i)) {
                case MessageSent sent -> sent(event, sent, people, entries);
                case DeliveryStatusChanged change -> delivery(event, change, people, entries);
                case MessageRead read -> read(event, read, people, entries);
                default -> throw new RejectedEventException("audit-service does not log " + event.type() + " events");
            };
            seen.add(new Seen(event.id(), practiceId, event.type(), entries.size() - before));
        }
        Instant recordedAt = log.append(entries);
        OffsetDateTime handledAt = (recordedAt == null ? Instant.now() : recordedAt).atOffset(ZoneOffset.UTC);
        jdbc.batchUpdate(INSERT_SEEN, seen, seen.size(), (statement, s) -> {
            statement.setString(1, s.eventId());
            statement.setObject(2, s.practiceId());
            statement.setString(3, s.type());
            statement.setObject(4, handledAt);
            statement.setInt(5, s.entries());
        });
    }

    private static UUID sent(EventEnvelope.Incoming event, MessageSent sent, Map<UUID, DirectoryReplica.Person> people,
                             List<NewEntry> entries) {
        require(sent.messageId(), "messageId");
        require(sent.practiceId(), "practiceId");
        Actor sender = require(sent.sender(), "sender");
        require(sender.id(), "sender.id");
        require(sent.recipients(), "recipients");
        String digest = require(sent.contentSha256(), "contentSha256");
        Instant at = sent.sentAt() != null ? sent.sentAt() : event.time();
        String senderKind = kind(sender.kind(), PrincipalKind.staff);
        String senderRole = role(sender, senderKind, sent.practiceId(), people);
        if (sent.firstBatch()) {
            // a message to many recipients comes as several events: the sender's entry is written once
            String detail = sent.recipientBatches() > 1 ? "recipientBatches=" + sent.recipientBatches()
                    : "recipients=" + sent.recipients().size();
            if (sent.attachmentCount() > 0) {
                detail += "; attachments=" + sent.attachmentCount();
            }
            entries.add(new NewEntry(sent.practiceId(), at, sender.id(), senderKind, sender.displayName(), senderRole,
                    "message.sent",
                    sender.id(), senderKind, sent.messageId(), null, NewEntry.SUCCESS, null, digest, detail,
                    event.id(), event.type()));
        }
        Set<UUID> logged = new HashSet<>();
        for (MessageSent.Recipient recipient : sent.recipients()) {
            require(recipient.recipientId(), "recipients[].recipientId");
            if (!logged.add(recipient.recipientId())) {
                continue;
            }
            entries.add(new NewEntry(sent.practiceId(), at, sender.id(), senderKind, sender.displayName(), senderRole,
                    "message.received", recipient.recipientId(), kind(recipient.kind(), PrincipalKind.client),
                    sent.messageId(), null, NewEntry.SUCCESS, null,
                    recipient.contentSha256() != null ? recipient.contentSha256() : digest,
                    recipient.viaGroupId() == null ? null : "viaGroup=" + recipient.viaGroupId(), event.id(), event.type()));
        }
        return sent.practiceId();
    }

    private static UUID delivery(EventEnvelope.Incoming event, DeliveryStatusChanged change,
                                 Map<UUID, DirectoryReplica.Person> people, List<NewEntry> entries) {
        require(change.messageId(), "messageId");
        require(change.practiceId(), "practiceId");
        require(change.recipientId(), "recipientId");
        require(change.status(), "status");
        DirectoryReplica.Person sender = change.senderId() == null ? null : people.get(change.senderId());
        String senderKind = change.senderId() == null ? PrincipalKind.system.name()
                : sender == null ? PrincipalKind.staff.name() : sender.kind();
        entries.add(new NewEntry(change.practiceId(), change.occurredAt() != null ? change.occurredAt() : event.time(),
                change.senderId(), senderKind, sender == null ? null : sender.displayName(),
                replicaRole(change.senderId(), senderKind, change.practiceId(), people),
                "delivery." + change.status().name(),
                change.recipientId(), kind(change.recipientKind(), PrincipalKind.client), change.messageId(),
                change.channel() == null ? null : change.channel().name(),
                change.status() == DeliveryStatusChanged.Status.failed ? NewEntry.FAILURE : NewEntry.SUCCESS,
                change.reason(), null, null, event.id(), event.type()));
        return change.practiceId();
    }

    private static UUID read(EventEnvelope.Incoming event, MessageRead read, Map<UUID, DirectoryReplica.Person> people,
                             List<NewEntry> entries) {
        require(read.messageId(), "messageId");
        require(read.practiceId(), "practiceId");
        Actor reader = require(read.reader(), "reader");
        require(reader.id(), "reader.id");
        String readerKind = kind(reader.kind(), PrincipalKind.client);
        String readerName = reader.displayName() != null ? reader.displayName()
                : people.containsKey(reader.id()) ? people.get(reader.id()).displayName() : null;
        String readerRole = role(reader, readerKind, read.practiceId(), people);
        Instant at = read.readAt() != null ? read.readAt() : event.time();
        entries.add(new NewEntry(read.practiceId(), at, reader.id(), readerKind, readerName, readerRole, "message.read",
                reader.id(),
                readerKind, read.messageId(), null, NewEntry.SUCCESS, null, null, null, event.id(), event.type()));
        if (read.senderId() != null && !read.senderId().equals(reader.id())) {
            DirectoryReplica.Person sender = people.get(read.senderId());
            entries.add(new NewEntry(read.practiceId(), at, reader.id(), readerKind, readerName, readerRole, "message.read",
                    read.senderId(), sender == null ? PrincipalKind.staff.name() : sender.kind(), read.messageId(),
                    null, NewEntry.SUCCESS, null, null, null, event.id(), event.type()));
        }
        return read.practiceId();
    }

    /**
     * A staff actor's role: the roles the event carries when it carries them, else what the replica holds
     * for them now. Clients, DIRECT contacts and the system have none.
     */
    private static String role(Actor actor, String kind, UUID practiceId, Map<UUID, DirectoryReplica.Person> people) {
        if (!PrincipalKind.staff.name().equals(kind)) {
            return null;
        }
        return actor.roles() != null ? DirectoryReplica.role(actor.roles())
                : replicaRole(actor.id(), kind, practiceId, people);
    }

    /** The roles the replica holds for a staff member of the practice (null when it knows none). */
    private static String replicaRole(UUID id, String kind, UUID practiceId, Map<UUID, DirectoryReplica.Person> people) {
        DirectoryReplica.Person person = id == null ? null : people.get(id);
        if (person == null || !PrincipalKind.staff.name().equals(kind) || !PrincipalKind.staff.name().equals(person.kind())
                || !person.practiceId().equals(practiceId)) {
            return null;
        }
        return person.role();
    }

    /**
     * Ids the directory replica attributes (names, roles): senders of delivery events, readers and senders
     * of reads, senders of MessageSent events that carry no roles.
     */
    private static Set<UUID> attributedIds(List<Object> payloads) {
        Set<UUID> ids = new HashSet<>();
        for (Object payload : payloads) {
            switch (payload) {
                case MessageSent sent when sent.sender() != null && sent.sender().id() != null
                        && sent.sender().roles() == null -> ids.add(sent.sender().id());
                case DeliveryStatusChanged change when change.senderId() != null -> ids.add(change.senderId());
                case MessageRead read -> {
                    if (read.senderId() != null) {
                        ids.add(read.senderId());
                    }
                    if (read.reader() != null && read.reader().id() != null) {
                        ids.add(read.reader().id());
                    }
                }
                default -> { }
            }
        }
        return ids;
    }

    private static String kind(PrincipalKind kind, PrincipalKind otherwise) {
        return (kind == null ? otherwise : kind).name();
    }

    private static <T> T require(T value, String field) {
        if (value == null) {
            throw new RejectedEventException("event lacks " + field);
        }
        return value;
    }
}
