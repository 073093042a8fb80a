package com.carerelay.audit.log.web;

import com.carerelay.audit.config.Caller;
import com.carerelay.audit.log.ChainVerifier;
import com.carerelay.audit.query.AuditQueries;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Verification of the caller's practice chain; the verification is itself logged. */
@RestController
@RequestMapping("/api/v1/audit")
class ChainController {

    private final ChainVerifier verifier;
    private final AuditQueries queries;

    ChainController(ChainVerifier verifier, AuditQueries queries) {
        this.verifier = verifier;
        this.queries = queries;
    }

    @GetMapping("/verify")
    ChainVerifier.Result verify(Caller caller) {
        caller.require(AuditQueries.PERMISSION);
        ChainVerifier.Result result = verifier.verify(caller.practiceId());
        queries.recordAccess(caller, "audit.chain-verified", caller.practiceId(), "practice",
                (result.ok() ? "ok" : "mismatch at entry " + result.firstMismatch().chainSeq())
                        + "; entriesChecked=" + result.entriesChecked());
        return result;
    }
}
