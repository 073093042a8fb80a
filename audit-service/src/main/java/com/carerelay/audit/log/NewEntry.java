package com.carerelay.audit.log;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * One entry to append to a subject's log (the subject is the client, staff member or practice whose
 * history it belongs to). {@code actorRole} is the actor's roles at the time, sorted and comma-joined
 * (null when unknown or not staff). Times are kept at microsecond precision, PostgreSQL's, so the hash computed
 * before the insert is the hash of what the database holds.
 */
public record NewEntry(
        UUID practiceId,
        Instant occurredAt,
        UUID actorId,
        String actorKind,
        String actorName,
        String actorRole,
        String action,
        UUID subjectId,
        String subjectKind,
        UUID messageId,
        String channel,
        String outcome,
        String reason,
        String contentSha256,
        String detail,
        String eventId,
        String eventType) {

    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";

    public NewEntry {
        Objects.requireNonNull(practiceId, "practiceId");
        Objects.requireNonNull(actorKind, "actorKind");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(subjectId, "subjectId");
        Objects.requireNonNull(subjectKind, "subjectKind");
        Objects.requireNonNull(outcome, "outcome");
        occurredAt = (occurredAt == null ? Instant.now() : occurredAt).truncatedTo(ChronoUnit.MICROS);
    }
}
