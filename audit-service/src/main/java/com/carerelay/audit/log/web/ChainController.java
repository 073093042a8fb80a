package com.carerelay.audit.log.web;

import com.carerelay.audit.checkpoint.CheckpointSink;
import com.carerelay.audit.checkpoint.ScheduledCheckpoints;
import com.carerelay.platform.security.Caller;
import com.carerelay.audit.log.ChainVerifier;
import com.carerelay.audit.log.CheckpointSigner;
import com.carerelay.audit.query.AuditQueries;
import com.carerelay.platform.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Verification of the caller's practice chain (against the checkpoints exported for it), signed
 * checkpoints of its head on request (exported like the scheduled ones), and the check of a checkpoint
 * kept elsewhere against the chain as it is now. Each call is itself logged.
 */
@RestController
@RequestMapping("/api/v1/audit")
class ChainController {

    /** Whether a checkpoint is ours and the chain, recomputed up to its entry, still ends in its hash. */
    record CheckpointCheck(boolean signatureValid, boolean historyIntact, long currentHeadSeq, String problem) {
    }

    private final ChainVerifier verifier;
    private final CheckpointSigner signer;
    private final AuditQueries queries;
    private final JdbcTemplate jdbc;
    private final CheckpointSink sink;
    private final ScheduledCheckpoints exports;

    ChainController(ChainVerifier verifier, CheckpointSigner signer, AuditQueries queries, JdbcTemplate jdbc,
                    CheckpointSink sink, ScheduledCheckpoints exports) {
        this.verifier = verifier;
        this.signer = signer;
        this.queries = queries;
        this.jdbc = jdbc;
        this.sink = sink;
        this.exports = exports;
    }

    /**
     * Recomputes the chain and compares it with every checkpoint exported for the practice: a consistent
     * rewrite (entries and head recomputed) fails at the first checkpoint after the change, a truncation at
     * the first checkpoint beyond the log's new end.
     */
    @GetMapping("/verify")
    ChainVerifier.Result verify(Caller caller) {
        queries.requireAuditor(caller);
        ChainVerifier.Result result = verifier.verify(caller.practiceId(), sink.read(caller.practiceId()));
        String outcome = result.ok() ? "ok" : result.firstMismatch() != null
                ? "mismatch at entry " + result.firstMismatch().chainSeq()
                : "checkpoint at entry " + result.failedCheckpoint().chainSeq() + " fails";
        queries.recordAccess(caller, "audit.chain-verified", caller.practiceId(), "practice",
                outcome + "; entriesChecked=" + result.entriesChecked() + "; checkpointsChecked="
                        + result.checkpointsChecked());
        return result;
    }

    /**
     * Signs the current chain head, after verifying the chain up to it: a checkpoint never vouches
     * for a chain that is already broken.
     */
    @GetMapping("/checkpoint")
    CheckpointSigner.Checkpoint checkpoint(Caller caller) {
        queries.requireAuditor(caller);
        ChainVerifier.Result result = verifier.verify(caller.practiceId(), sink.read(caller.practiceId()));
        if (!result.ok()) {
            throw new ApiException(HttpStatus.CONFLICT, null, result.firstMismatch() != null
                    ? "The chain does not verify at entry " + result.firstMismatch().chainSeq()
                            + "; no checkpoint is signed for a broken chain."
                    : "The chain does not match its exported checkpoint at entry "
                            + result.failedCheckpoint().chainSeq() + "; no checkpoint is signed for a broken chain.");
        }
        CheckpointSigner.Checkpoint checkpoint = signer.sign(caller.practiceId(), result.headSeq(), result.headHash());
        exports.export(checkpoint);
        queries.recordAccess(caller, "audit.checkpoint-signed", caller.practiceId(), "practice",
                "chainSeq=" + checkpoint.chainSeq() + "; hash=" + checkpoint.hash());
        return checkpoint;
    }

    @PostMapping("/checkpoint/verify")
    CheckpointCheck checkCheckpoint(Caller caller, @RequestBody CheckpointSigner.Checkpoint checkpoint) {
        queries.requireAuditor(caller);
        if (!caller.practiceId().equals(checkpoint.practiceId())) {
            throw ApiException.notFound("The checkpoint's practice");
        }
        boolean signed = signer.signedByUs(checkpoint);
        ChainVerifier.Result upTo = verifier.verifyUpTo(caller.practiceId(), checkpoint.chainSeq());
        long head = jdbc.query("select last_seq from chain_head where practice_id = ?",
                rows -> rows.next() ? rows.getLong(1) : 0L, caller.practiceId());
        String problem = null;
        if (!signed) {
            problem = "the signature is not valid for this checkpoint and this service's key";
        } else if (!upTo.ok()) {
            problem = "entry " + upTo.firstMismatch().chainSeq() + ": " + upTo.firstMismatch().problem();
        } else if (upTo.entriesChecked() != checkpoint.chainSeq()) {
            problem = "the log has only " + upTo.entriesChecked() + " entries";
        } else if (!upTo.recomputedHash().equals(checkpoint.hash())) {
            problem = "the history up to entry " + checkpoint.chainSeq() + " was rewritten: its hash differs";
        }
        boolean intact = signed && problem == null;
        queries.recordAccess(caller, "audit.checkpoint-checked", caller.practiceId(), "practice",
                "chainSeq=" + checkpoint.chainSeq() + "; " + (intact ? "intact" : "not intact"));
        return new CheckpointCheck(signed, intact, head, problem);
    }
}
