package com.carerelay.audit.export.web;

import com.carerelay.platform.security.Caller;
import com.carerelay.audit.export.CsvExport;
import com.carerelay.audit.export.EntryStream;
import com.carerelay.audit.export.FhirExport;
import com.carerelay.audit.query.AuditQueries;
import com.carerelay.audit.query.EntryFilter;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Exports of a client's or staff member's log for a time range, oldest first: CSV, or a FHIR R4
 * Bundle of AuditEvent resources. Both stream. Access is checked and the export logged before the
 * first byte is written.
 */
@RestController
@RequestMapping("/api/v1/audit")
class ExportController {

    static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");
    static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json;charset=UTF-8");

    private final AuditQueries queries;
    private final EntryStream entries;
    private final FhirExport fhir;

    ExportController(AuditQueries queries, EntryStream entries, FhirExport fhir) {
        this.queries = queries;
        this.entries = entries;
        this.fhir = fhir;
    }

    @GetMapping("/{subjects:clients|staff}/{subjectId}/export/csv")
    ResponseEntity<StreamingResponseBody> csv(Caller caller, @PathVariable String subjects, @PathVariable UUID subjectId,
                                              @RequestParam(required = false) Instant from,
                                              @RequestParam(required = false) Instant to) {
        String kind = kind(subjects);
        EntryFilter range = allowed(caller, kind, subjectId, from, to, "csv");
        StreamingResponseBody body = stream -> {
            Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 64 * 1024);
            out.write(CsvExport.HEADER);
            entries.forEach(caller.practiceId(), kind, subjectId, range, entry -> CsvExport.write(out, entry));
            out.flush();
        };
        return ResponseEntity.ok().contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-" + kind + "-" + subjectId + ".csv\"")
                .body(body);
    }

    @GetMapping("/{subjects:clients|staff}/{subjectId}/export/fhir")
    ResponseEntity<StreamingResponseBody> fhir(Caller caller, @PathVariable String subjects, @PathVariable UUID subjectId,
                                               @RequestParam(required = false) Instant from,
                                               @RequestParam(required = false) Instant to) {
        String kind = kind(subjects);
        EntryFilter range = allowed(caller, kind, subjectId, from, to, "fhir");
        StreamingResponseBody body = stream -> {
            Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 64 * 1024);
            fhir.write(out, UUID.randomUUID(), sink -> entries.forEach(caller.practiceId(), kind, subjectId, range, sink));
            out.flush();
        };
        return ResponseEntity.ok().contentType(FHIR_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"audit-" + kind + "-" + subjectId + ".fhir.json\"")
                .body(body);
    }

    private EntryFilter allowed(Caller caller, String kind, UUID subjectId, Instant from, Instant to, String format) {
        queries.requireAccess(caller, kind, subjectId);
        EntryFilter range = new EntryFilter(from, to, null, null, null, null, null);
        queries.recordAccess(caller, "audit.exported", subjectId, kind,
                "format=" + format + (range.describe().isEmpty() ? "" : "; " + range.describe()));
        return range;
    }

    private static String kind(String subjects) {
        return subjects.equals("clients") ? "client" : "staff";
    }
}
