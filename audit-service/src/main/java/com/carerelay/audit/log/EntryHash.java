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
 * epoch microseconds.
 */
public final class EntryHash {

    /** The hash before a practice's first entry. */
    public static final byte[] GENESIS = new byte[32];

    private static final byte[] VERSION = "carerelay.audit.entry.v1".getBytes(StandardCharsets.UTF_8);

    private EntryHash() {
    }

    /** The fields covered by the hash, as stored. */
    public record Fields(UUID practiceId, long chainSeq, Instant occurredAt, Instant recordedAt, UUID actorId,
                         String actorKind, String actorName, String action, UUID subjectId, String subjectKind,
                         UUID messageId, String channel, String outcome, String reason, String contentSha256,
                         String detail, String eventId, String eventType) {

        static Fields of(NewEntry entry, long chainSeq, Instant recordedAt) {
            return new Fields(entry.practiceId(), chainSeq, entry.occurredAt(), recordedAt, entry.actorId(),
                    entry.actorKind(), entry.actorName(), entry.action(), entry.subjectId(), entry.subjectKind(),
                    entry.messageId(), entry.channel(), entry.outcome(), entry.reason(), entry.contentSha256(),
                    entry.detail(), entry.eventId(), entry.eventType());
        }
    }

    public static byte[] hash(byte[] previousHash, Fields fields) {
        MessageDigest sha256 = sha256();
        sha256.update(previousHash);
        sha256.update(canonical(fields));
        return sha256.digest();
    }

    static byte[] canonical(Fields f) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        field(out, VERSION);
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
