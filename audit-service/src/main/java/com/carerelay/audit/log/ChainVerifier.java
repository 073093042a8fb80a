package com.carerelay.audit.log;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Walks a practice's chain in sequence order, recomputing every hash from the entry's stored
 * fields and the recomputed hash before it, and reports the first entry that does not match: a
 * changed field, a broken link, a missing entry, or a chain that ends before its head. Rows are read
 * with a server-side cursor, so a chain of millions of entries is walked in constant memory.
 *
 * <p>The chain alone cannot catch someone who may write the table (its owner, a superuser): they can
 * change an entry and recompute every hash after it and the head. Given the checkpoints exported outside
 * the database, the walk also compares its recomputed hash at each checkpoint's entry with the signed
 * one, and a checkpoint beyond the end of the log shows entries were removed.
 */
@Component
public class ChainVerifier {

    /** Where the chain first stops matching; {@code entryId} is null when entries are missing after the last one. */
    public record Mismatch(Long entryId, long chainSeq, String problem) {
    }

    /** An exported checkpoint the chain as it is now does not match: the history up to its entry was changed or removed. */
    public record CheckpointFailure(long chainSeq, String hash, java.time.Instant issuedAt, String problem) {
    }

    /**
     * The outcome of one walk. {@code headSeq}/{@code headHash} are the chain head as stored;
     * {@code recomputedHash} is the hash recomputed from the entries up to the last one checked;
     * {@code checkpointsChecked} how many exported checkpoints were compared, {@code failedCheckpoint}
     * the earliest (by chain position) that does not match. {@code ok} only when both are clean.
     */
    public record Result(UUID practiceId, boolean ok, long entriesChecked, long headSeq, String headHash,
                         String recomputedHash, Mismatch firstMismatch, long checkpointsChecked,
                         CheckpointFailure failedCheckpoint) {
    }

    private final JdbcTemplate streaming;
    private final TransactionTemplate readOnly;
    private final CheckpointSigner signer;

    public ChainVerifier(DataSource dataSource, PlatformTransactionManager transactions, CheckpointSigner signer) {
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(2000);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.signer = signer;
    }

    /** Walks the whole chain up to its head. */
    public Result verify(UUID practiceId) {
        return verify(practiceId, ExportedCheckpoints.NONE);
    }

    /**
     * Walks the whole chain up to its head and checks it against the checkpoints exported for the
     * practice: each must carry this service's signature, and the chain recomputed up to its entry must
     * end in its hash.
     */
    public Result verify(UUID practiceId, ExportedCheckpoints exported) {
        return readOnly.execute(status -> walk(practiceId, 0, EntryHash.GENESIS, Long.MAX_VALUE, exported));
    }

    /** Walks the chain's first {@code lastSeq} entries only (to check a checkpoint taken at that entry). */
    public Result verifyUpTo(UUID practiceId, long lastSeq) {
        return readOnly.execute(status -> walk(practiceId, 0, EntryHash.GENESIS, lastSeq, ExportedCheckpoints.NONE));
    }

    /**
     * Walks only the entries after {@code afterSeq} up to {@code lastSeq}, starting from {@code afterHash}
     * (a checkpoint already verified): what the scheduled checkpoints check before signing the next head.
     * {@code entriesChecked} is then the last entry reached.
     */
    public Result verifySegment(UUID practiceId, long afterSeq, byte[] afterHash, long lastSeq) {
        return readOnly.execute(status -> walk(practiceId, afterSeq, afterHash, lastSeq, ExportedCheckpoints.NONE));
    }

    private Result walk(UUID practiceId, long afterSeq, byte[] afterHash, long lastSeq, ExportedCheckpoints exported) {
        long[] head = {0};
        byte[][] headHash = {EntryHash.GENESIS};
        streaming.query("select last_seq, last_hash from chain_head where practice_id = ?", row -> {
            head[0] = row.getLong("last_seq");
            headHash[0] = row.getBytes("last_hash");
        }, practiceId);
        long end = Math.min(lastSeq, head[0]);

        List<CheckpointFailure> failures = new ArrayList<>(exported.unreadable());
        List<CheckpointSigner.Checkpoint> checkpoints = new ArrayList<>();
        for (CheckpointSigner.Checkpoint checkpoint : exported.checkpoints()) {
            if (!practiceId.equals(checkpoint.practiceId())) {
                failures.add(failure(checkpoint, "it is another practice's checkpoint"));
            } else if (!signer.signedByUs(checkpoint)) {
                failures.add(failure(checkpoint, "its signature is not valid for this service's key"));
            } else {
                checkpoints.add(checkpoint);
            }
        }
        checkpoints.sort(Comparator.comparingLong(CheckpointSigner.Checkpoint::chainSeq));
        long compared = exported.checkpoints().size();

        return streaming.query("select " + StoredEntry.COLUMNS
                        + " from audit_entry where practice_id = ? and chain_seq > ? and chain_seq <= ? order by chain_seq",
                rows -> {
                    byte[] running = afterHash;
                    long expectedSeq = afterSeq + 1;
                    int next = 0;
                    while (rows.next()) {
                        StoredEntry entry = StoredEntry.from(rows);
                        long seq = entry.fields().chainSeq();
                        // recomputed in the canonical form of the row's own version; null when the row
                        // holds what no form covers (an unknown version, a role in a version 1 row)
                        byte[] recomputed = recompute(running, entry.fields());
                        String problem = null;
                        if (seq != expectedSeq) {
                            problem = "entry " + expectedSeq + " of the chain is missing before this one";
                        } else if (!Arrays.equals(entry.previousHash(), running)) {
                            problem = "its previous-hash does not match the entry before it";
                        } else if (recomputed == null || !Arrays.equals(entry.hash(), recomputed)) {
                            problem = "its content does not match its hash";
                        }
                        if (problem != null) {
                            for (int i = next; i < checkpoints.size(); i++) {
                                if (checkpoints.get(i).chainSeq() >= expectedSeq) {
                                    failures.add(failure(checkpoints.get(i), "the chain breaks at entry " + expectedSeq
                                            + ", before this checkpoint's entry"));
                                    break;
                                }
                            }
                            return new Result(practiceId, false, expectedSeq - 1, head[0], hex(headHash[0]),
                                    hex(running), new Mismatch(entry.id(), seq, problem), compared, earliest(failures));
                        }
                        running = recomputed;
                        String recomputedHex = null;
                        for (; next < checkpoints.size() && checkpoints.get(next).chainSeq() <= seq; next++) {
                            CheckpointSigner.Checkpoint checkpoint = checkpoints.get(next);
                            if (checkpoint.chainSeq() < seq) {
                                continue; // before this walk's start (or not a position at all)
                            }
                            recomputedHex = recomputedHex == null ? hex(running) : recomputedHex;
                            if (!recomputedHex.equals(checkpoint.hash())) {
                                failures.add(failure(checkpoint, "the history up to entry " + seq
                                        + " was rewritten: the chain's hash there differs from the checkpoint's"));
                            }
                        }
                        expectedSeq++;
                    }
                    long checked = expectedSeq - 1;
                    for (int i = next; i < checkpoints.size(); i++) {
                        CheckpointSigner.Checkpoint checkpoint = checkpoints.get(i);
                        if (checkpoint.chainSeq() > checked && checkpoint.chainSeq() <= lastSeq) {
                            failures.add(failure(checkpoint, "the log ends at entry " + checked
                                    + ", before this checkpoint's entry: entries were removed"));
                            break;
                        }
                    }
                    Mismatch mismatch = null;
                    if (checked != end || (end == head[0] && !Arrays.equals(running, headHash[0]))) {
                        mismatch = new Mismatch(null, checked + 1, "the chain head is at entry " + head[0]
                                + " but the log ends at entry " + checked);
                    }
                    CheckpointFailure failed = earliest(failures);
                    return new Result(practiceId, mismatch == null && failed == null, checked, head[0],
                            hex(headHash[0]), hex(running), mismatch, compared, failed);
                }, practiceId, afterSeq, end);
    }

    private static CheckpointFailure failure(CheckpointSigner.Checkpoint checkpoint, String problem) {
        return new CheckpointFailure(checkpoint.chainSeq(), checkpoint.hash(), checkpoint.issuedAt(), problem);
    }

    private static CheckpointFailure earliest(List<CheckpointFailure> failures) {
        return failures.stream().min(Comparator.comparingLong(CheckpointFailure::chainSeq)).orElse(null);
    }

    private static byte[] recompute(byte[] previousHash, EntryHash.Fields fields) {
        try {
            return EntryHash.hash(previousHash, fields);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
