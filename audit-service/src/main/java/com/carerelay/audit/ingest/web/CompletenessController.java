package com.carerelay.audit.ingest.web;

import com.carerelay.platform.security.Caller;
import com.carerelay.audit.ingest.Completeness;
import com.carerelay.audit.query.AuditQueries;
import com.carerelay.platform.web.ApiException;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The completeness check of the caller's practice log for a time range (default: the last 24 hours). */
@RestController
@RequestMapping("/api/v1/audit")
class CompletenessController {

    private final Completeness completeness;
    private final AuditQueries queries;

    CompletenessController(Completeness completeness, AuditQueries queries) {
        this.completeness = completeness;
        this.queries = queries;
    }

    @GetMapping("/completeness")
    Completeness.Report check(Caller caller, @RequestParam(required = false) Instant from,
                              @RequestParam(required = false) Instant to) {
        queries.requireAuditor(caller);
        Instant until = to == null ? Instant.now() : to;
        Instant since = from == null ? until.minusSeconds(24 * 3600) : from;
        if (!since.isBefore(until)) {
            throw ApiException.badField("from", "from: must be before to.");
        }
        return completeness.check(caller.practiceId(), since, until);
    }
}
