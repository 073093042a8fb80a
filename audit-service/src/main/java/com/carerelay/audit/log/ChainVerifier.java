package com.carerelay.audit.log;

import java.util.Arrays;
import java.util.HexFormat;
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
 */
@Component
public class ChainVerifier {

    /** Where the chain first stops matching; {@code entryId} is null when entries are missing after the last one. */
    public record Mismatch(Long entryId, long chainSeq, String problem) {
    }

    /**
     * The outcome of one walk. {@code headSeq}/{@code headHash} are the chain head as stored;
     * {@code recomputedHash} is the hash recomputed from the entries up to the last one checked.
     */
    public record Result(UUID practiceId, boolean ok, long entriesChecked, long headSeq, String headHash,
                         String recomputedHash, Mismatch firstMismatch) {
    }

    private final JdbcTemplate streaming;
    private final TransactionTemplate readOnly;

    public ChainVerifier(DataSource dataSource, PlatformTransactionManager transactions) {
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(2000);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** Walks the whole chain up to its head. */
    public Result verify(UUID practiceId) {
        return readOnly.execute(status -> walk(practiceId, Long.MAX_VALUE));
    }

    /** Walks the chain's first {@code lastSeq} entries only (to check a checkpoint taken at that entry). */
    public Result verifyUpTo(UUID practiceId, long lastSeq) {
        return readOnly.execute(status -> walk(practiceId, lastSeq));
    }

    private Result walk(UUID practiceId, long lastSeq) {
        long[] head = {0};
        byte[][] headHash = {EntryHash.GENESIS};
        streaming.query("select last_seq, last_hash from chain_head where practice_id = ?", row -> {
            head[0] = row.getLong("last_seq");
            headHash[0] = row.getBytes("last_hash");
        }, practiceId);
        long end = Math.min(lastSeq, head[0]);

        return streaming.query("select " + StoredEntry.COLUMNS
                        + " from audit_entry where practice_id = ? and chain_seq <= ? order by chain_seq",
                rows -> {
                    byte[] running = EntryHash.GENESIS;
                    long expectedSeq = 1;
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
                            return new Result(practiceId, false, expectedSeq - 1, head[0], hex(headHash[0]),
                                    hex(running), new Mismatch(entry.id(), seq, problem));
                        }
                        running = recomputed;
                        expectedSeq++;
                    }
                    long checked = expectedSeq - 1;
                    if (checked != end || (end == head[0] && !Arrays.equals(running, headHash[0]))) {
                        return new Result(practiceId, false, checked, head[0], hex(headHash[0]), hex(running),
                                new Mismatch(null, checked + 1, "the chain head is at entry " + head[0]
                                        + " but the log ends at entry " + checked));
                    }
                    return new Result(practiceId, true, checked, head[0], hex(headHash[0]), hex(running), null);
                }, practiceId, end);
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
