package com.carerelay.audit.checkpoint;

import com.carerelay.audit.log.ChainVerifier;
import com.carerelay.audit.log.CheckpointSigner;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every {@code carerelay.audit.checkpoint.interval}, signs the head of each practice chain that moved
 * since its last exported checkpoint and exports it to the {@link CheckpointSink}. Before signing, the
 * entries since that checkpoint are verified starting from its hash (so a history rewritten before it
 * breaks the link and nothing is signed; a practice without one is verified from its first entry). One
 * instance signs at a time (a PostgreSQL advisory lock held for the round): several pods export one
 * sequence of checkpoints, not one each.
 */
@Component
public class ScheduledCheckpoints {

    private static final Logger log = LoggerFactory.getLogger(ScheduledCheckpoints.class);

    /** The advisory lock the signing round holds (any constant unique within the audit database). */
    private static final long LOCK = 0x6175646974L; // "audit"

    private record Head(UUID practiceId, long seq) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ChainVerifier verifier;
    private final CheckpointSigner signer;
    private final CheckpointSink sink;
    /** Practices whose chain failed the latest round's verification: the broken-chain alert reads it. */
    private final java.util.concurrent.atomic.AtomicInteger broken = new java.util.concurrent.atomic.AtomicInteger();

    public ScheduledCheckpoints(JdbcTemplate jdbc, PlatformTransactionManager transactions, ChainVerifier verifier,
                                CheckpointSigner signer, CheckpointSink sink, io.micrometer.core.instrument.MeterRegistry meters) {
        io.micrometer.core.instrument.Gauge.builder("carerelay.audit.chain.broken", broken, java.util.concurrent.atomic.AtomicInteger::get)
                .description("Practices whose chain failed the latest scheduled verification").register(meters);
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
        this.verifier = verifier;
        this.signer = signer;
        this.sink = sink;
    }

    @Scheduled(fixedDelayString = "${carerelay.audit.checkpoint.interval:PT10M}",
            initialDelayString = "${carerelay.audit.checkpoint.interval:PT10M}")
    void onSchedule() {
        try {
            signMovedHeads();
        } catch (RuntimeException e) {
            log.error("Signing the scheduled checkpoints failed; the next round tries again", e);
        }
    }

    /** One round: answers how many checkpoints it exported (0 when another instance holds the round). */
    public int signMovedHeads() {
        Integer signed = transactions.execute(status -> {
            if (!Boolean.TRUE.equals(jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class, LOCK))) {
                return 0;
            }
            List<Head> heads = jdbc.query("select practice_id, last_seq from chain_head where last_seq > 0 order by practice_id",
                    (row, i) -> new Head(row.getObject("practice_id", UUID.class), row.getLong("last_seq")));
            int count = 0;
            int failed = 0;
            for (Head head : heads) {
                switch (signIfMoved(head)) {
                    case SIGNED -> count++;
                    case BROKEN -> failed++;
                    case UNCHANGED -> { }
                }
            }
            broken.set(failed);
            return count;
        });
        return signed == null ? 0 : signed;
    }

    /**
     * Exports a checkpoint signed on request, under the same lock as the rounds, so two instances never
     * append to one practice's file at once (appends to a shared network volume are not atomic).
     */
    public void export(CheckpointSigner.Checkpoint checkpoint) {
        transactions.executeWithoutResult(status -> {
            jdbc.query("select pg_advisory_xact_lock(?)", (ResultSetExtractor<Object>) rows -> null, LOCK);
            sink.write(checkpoint);
        });
    }

    private enum Outcome { SIGNED, UNCHANGED, BROKEN }

    private Outcome signIfMoved(Head head) {
        Optional<CheckpointSigner.Checkpoint> last = sink.read(head.practiceId()).checkpoints().stream()
                .filter(c -> head.practiceId().equals(c.practiceId()) && signer.signedByUs(c))
                .max(Comparator.comparingLong(CheckpointSigner.Checkpoint::chainSeq));
        if (last.isPresent() && last.get().chainSeq() >= head.seq()) {
            return Outcome.UNCHANGED;
        }
        ChainVerifier.Result result = last
                .map(c -> verifier.verifySegment(head.practiceId(), c.chainSeq(), HexFormat.of().parseHex(c.hash()), head.seq()))
                .orElseGet(() -> verifier.verifyUpTo(head.practiceId(), head.seq()));
        if (!result.ok() || result.entriesChecked() != head.seq()) {
            log.error("The chain of practice {} does not verify at entry {} ({}): no checkpoint is signed for it",
                    head.practiceId(), result.firstMismatch() == null ? result.entriesChecked() + 1 : result.firstMismatch().chainSeq(),
                    result.firstMismatch() == null ? "the log ends early" : result.firstMismatch().problem());
            return Outcome.BROKEN;
        }
        sink.write(signer.sign(head.practiceId(), head.seq(), result.recomputedHash()));
        return Outcome.SIGNED;
    }
}
