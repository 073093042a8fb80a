package com.carerelay.web.compliance;

import com.carerelay.web.api.ApiProblem;
import com.carerelay.web.api.ServiceApi;
import com.carerelay.web.api.Views;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriBuilder;

/**
 * The compliance view ({@code audit:read}; directory-service also wants {@code directory:read-clients} for the
 * client list and names, which the compliance role grants): the practice's clients, one client's activity history
 * (paged by the service's cursor, filtered by action and date), the chain verification, and the CSV
 * and FHIR exports as downloads. audit-service records each of these reads in its own log.
 */
@Controller
class ComplianceController {

    private final ServiceApi api;

    /** The first clients by name; a practice's compliance officer opens a client from here or by link. */
    static final int CLIENTS_PER_PAGE = 50;

    ComplianceController(ServiceApi api) {
        this.api = api;
    }

    @GetMapping("/compliance")
    String clients(Model model) {
        model.addAttribute("clients", api.directory().get().uri("/api/v1/clients?size=" + CLIENTS_PER_PAGE).headers(api.asUser())
                .retrieve().body(Views.ClientPage.class).items());
        return "compliance";
    }

    @GetMapping("/compliance/clients/{id}")
    String client(@PathVariable UUID id, Model model) {
        return history(id, "", "", "", "", model, "compliance-client");
    }

    /** The filtered or next page of the history (filters and cursor travel in the POST body). */
    @PostMapping("/compliance/clients/{id}/entries")
    String entries(@PathVariable UUID id, @RequestParam(defaultValue = "") String action,
                   @RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to,
                   @RequestParam(defaultValue = "") String cursor, Model model) {
        return history(id, action, from, to, cursor, model, "compliance-client :: entries");
    }

    private String history(UUID id, String action, String from, String to, String cursor, Model model, String view) {
        Views.Client client = api.directory().get().uri("/api/v1/clients/{id}", id).headers(api.asUser())
                .retrieve().body(Views.Client.class);
        model.addAttribute("client", client);
        model.addAttribute("action", action);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        try {
            Instant fromInstant = day(from, false);
            Instant toInstant = day(to, true);
            Views.AuditPage page = api.audit().get().uri(uri -> {
                UriBuilder builder = uri.path("/api/v1/audit/clients/{id}/entries").queryParam("limit", 25);
                if (!action.isBlank()) {
                    builder.queryParam("action", action);
                }
                if (fromInstant != null) {
                    builder.queryParam("from", fromInstant);
                }
                if (toInstant != null) {
                    builder.queryParam("to", toInstant);
                }
                if (!cursor.isBlank()) {
                    builder.queryParam("cursor", cursor);
                }
                return builder.build(id);
            }).headers(api.asUser()).retrieve().body(Views.AuditPage.class);
            model.addAttribute("page", page);
        } catch (DateTimeParseException badDate) {
            model.addAttribute("filterProblem", "Dates must be written as YYYY-MM-DD.");
        } catch (ApiProblem problem) {
            if (problem.isNotFound() || problem.status() == 403) {
                throw problem;
            }
            model.addAttribute("filterProblem", problem.detail());
        }
        return view;
    }

    private static Instant day(String value, boolean endOfDay) {
        if (value.isBlank()) {
            return null;
        }
        LocalDate date = LocalDate.parse(value.strip());
        return (endOfDay ? date.plusDays(1) : date).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    @PostMapping("/compliance/verify")
    String verify(Model model) {
        model.addAttribute("check", api.audit().get().uri("/api/v1/audit/verify").headers(api.asUser())
                .retrieve().body(Views.ChainCheck.class));
        return "chain :: chain";
    }

    @GetMapping("/compliance/clients/{id}/export.csv")
    ResponseEntity<byte[]> csv(@PathVariable UUID id) {
        return download("/api/v1/audit/clients/{id}/export/csv", id);
    }

    @GetMapping("/compliance/clients/{id}/export.fhir.json")
    ResponseEntity<byte[]> fhir(@PathVariable UUID id) {
        return download("/api/v1/audit/clients/{id}/export/fhir", id);
    }

    private ResponseEntity<byte[]> download(String path, UUID id) {
        ResponseEntity<byte[]> export = api.audit().get().uri(path, id).headers(api.asUser()).retrieve().toEntity(byte[].class);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(export.getHeaders().getContentType());
        headers.set(HttpHeaders.CONTENT_DISPOSITION, export.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION));
        headers.setCacheControl("no-store");
        return ResponseEntity.ok().headers(headers).body(export.getBody());
    }
}
