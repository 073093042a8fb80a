package com.carerelay.audit.query;

import com.carerelay.audit.log.StoredEntry;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/** One log entry as the API shows it; {@code actorRole} is the actor's roles at the time (comma-joined), or null. */
public record EntryView(long id, long chainSeq, Instant occurredAt, Instant recordedAt, String action, Party actor,
                        String actorRole, Party subject, UUID messageId, String channel, String outcome, String reason,
                        String contentSha256, String detail, String eventId, String hash) {

    /** Who acted, or whose log it is. */
    public record Party(UUID id, String kind, String name) {
    }

    public static EntryView of(StoredEntry entry) {
        var f = entry.fields();
        return new EntryView(entry.id(), f.chainSeq(), f.occurredAt(), f.recordedAt(), f.action(),
                new Party(f.actorId(), f.actorKind(), f.actorName()), f.actorRole(), new Party(f.subjectId(), f.subjectKind(), null),
                f.messageId(), f.channel(), f.outcome(), f.reason(), f.contentSha256(), f.detail(), f.eventId(),
                HexFormat.of().formatHex(entry.hash()));
    }
}
