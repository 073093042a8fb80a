package com.carerelay.audit.query.web;

import com.carerelay.platform.security.Caller;
import com.carerelay.audit.query.AuditQueries;
import com.carerelay.audit.query.EntryFilter;
import java.time.Instant;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A client's or a staff member's activity log, newest first, for callers with {@code audit:read}. */
@RestController
@RequestMapping("/api/v1/audit")
class AuditQueryController {

    private final AuditQueries queries;

    AuditQueryController(AuditQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/clients/{clientId}/entries")
    AuditQueries.Page clientEntries(Caller caller, @PathVariable UUID clientId,
                                    @RequestParam(required = false) Instant from,
                                    @RequestParam(required = false) Instant to,
                                    @RequestParam(required = false) String action,
                                    @RequestParam(required = false) String channel,
                                    @RequestParam(required = false) String outcome,
                                    @RequestParam(required = false) UUID actorId,
                                    @RequestParam(required = false) UUID messageId,
                                    @RequestParam(required = false) String cursor,
                                    @RequestParam(required = false) Integer limit) {
        return queries.entries(caller, "client", clientId,
                new EntryFilter(from, to, action, channel, outcome, actorId, messageId), cursor, limit);
    }

    @GetMapping("/staff/{staffId}/entries")
    AuditQueries.Page staffEntries(Caller caller, @PathVariable UUID staffId,
                                   @RequestParam(required = false) Instant from,
                                   @RequestParam(required = false) Instant to,
                                   @RequestParam(required = false) String action,
                                   @RequestParam(required = false) String channel,
                                   @RequestParam(required = false) String outcome,
                                   @RequestParam(required = false) UUID actorId,
                                   @RequestParam(required = false) UUID messageId,
                                   @RequestParam(required = false) String cursor,
                                   @RequestParam(required = false) Integer limit) {
        return queries.entries(caller, "staff", staffId,
                new EntryFilter(from, to, action, channel, outcome, actorId, messageId), cursor, limit);
    }
}
