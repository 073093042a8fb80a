package com.carerelay.audit.log;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.UUID;

/**
 * The chain's hash: {@code hash = SHA-256(previous hash || canonical form)}. The canonical form is
 * a version tag followed by every stored field in a fixed order, each as a 4-byte big-endian length
 * and its UTF-8 bytes (length -1 for null), so no two different entries share a form. Times are
 * epoch microseconds. Each entry stores the version of the form its hash covers: version 1 (tag
 * {@code carerelay.audit.entry.v1}, entries written before actor roles were recorded) and version 2
 * (tag {@code carerelay.audit.entry.v2}, the version 1 fields then {@code actor_role}). New entries are
 * written in {@link #CURRENT_VERSION}.
 */
public final class EntryHash {

    /** The hash before a practice's first entry. */
    public static final byte[] GENESIS = new byte[32];

    /** The canonical form new entries are hashed in. */
    public static final int CURRENT_VERSION = 2;

    private static final byte[] VERSION_1 = "carerelay.audit.entry.v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VERSION_2 = "carerelay.audit.entry.v2".getBytes(StandardCharsets.UTF_8);

    private EntryHash() {
    }

    /**
     * The fields covered by the hash, as stored, and {@code canonicalVersion}: the canonical form the
     * stored hash was computed in (it selects the form, so changing it changes the hash too).
     */
    public record Fields(UUID practiceId, long chainSeq, Instant occurredAt, Instant recordedAt, UUID actorId,
                         String actorKind, String actorName, String actorRole, String action, UUID subjectId,
                         String subjectKind, UUID messageId, String channel, String outcome, String reason,
                         String contentSha256, String detail, String eventId, String eventType, int canonicalVersion) {

        static Fields of(NewEntry entry, long chainSeq, Instant recordedAt) {
            return new Fields(entry.practiceId(), chainSeq, entry.occurredAt(), recordedAt, entry.actorId(),
                    entry.actorKind(), entry.actorName(), entry.actorRole(), entry.action(), entry.subjectId(),
                    entry.subjectKind(), entry.messageId(), entry.channel(), entry.outcome(), entry.reason(),
                    entry.contentSha256(), entry.detail(), entry.eventId(), entry.eventType(), CURRENT_VERSION);
        }
    }

    public static byte[] hash(byte[] previousHash, Fields fields) {
        MessageDigest sha256 = sha256();
        sha256.update(previousHash);
        sha256.update(canonical(fields));
        return sha256.digest();
    }

    /**
     * The entry's canonical form in its {@code canonicalVersion}. Refuses (IllegalArgumentException) an
     * unknown version and a version 1 entry holding an actor role, which that form cannot cover.
     */
    static byte[] canonical(Fields f) {
        if (f.canonicalVersion() != 1 && f.canonicalVersion() != 2) {
            throw new IllegalArgumentException("unknown canonical version " + f.canonicalVersion());
        }
        if (f.canonicalVersion() == 1 && f.actorRole() != null) {
            throw new IllegalArgumentException("a version 1 entry cannot hold an actor role");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        field(out, f.canonicalVersion() == 1 ? VERSION_1 : VERSION_2);
        field(out, f.practiceId());
        field(out, Long.toString(f.chainSeq()));
        field(out, micros(f.occurredAt()));
        field(out, micros(f.recordedAt()));
        field(out, f.actorId());
        field(out, f.actorKind());
        field(out, f.actorName());
        field(out, f.action());
        field(out, f.subjectId());
        field(out, f.subjectKind());
        field(out, f.messageId());
        field(out, f.channel());
        field(out, f.outcome());
        field(out, f.reason());
        field(out, f.contentSha256());
        field(out, f.detail());
        field(out, f.eventId());
        field(out, f.eventType());
        if (f.canonicalVersion() >= 2) {
            field(out, f.actorRole());
        }
        return out.toByteArray();
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String micros(Instant time) {
        return time == null ? null : Long.toString(Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L),
                time.getNano() / 1_000));
    }

    private static void field(ByteArrayOutputStream out, Object value) {
        if (value == null) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(-1).array());
            return;
        }
        field(out, value.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void field(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }
}
