package com.carerelay.messaging.template.web;

import com.carerelay.platform.security.Caller;
import com.carerelay.messaging.template.Personalization;
import com.carerelay.messaging.template.TemplateService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/templates")
public class TemplateController {

    private final TemplateService templates;

    public TemplateController(TemplateService templates) {
        this.templates = templates;
    }

    public record PreviewRequest(@NotNull UUID recipientId, @Size(max = 50) Map<String, @Size(max = 1000) String> variables) {
    }

    @GetMapping
    public List<TemplateView> list(Caller caller) {
        return templates.list(caller).stream().map(TemplateView::of).toList();
    }

    @GetMapping("/{id}")
    public TemplateView get(Caller caller, @PathVariable UUID id) {
        return TemplateView.of(templates.get(caller, id));
    }

    @PostMapping
    public ResponseEntity<TemplateView> create(Caller caller, @Valid @RequestBody TemplateRequest request) {
        TemplateView created = TemplateView.of(templates.create(caller, request));
        return ResponseEntity.created(URI.create("/api/v1/templates/" + created.id())).body(created);
    }

    @PutMapping("/{id}")
    public TemplateView update(Caller caller, @PathVariable UUID id, @Valid @RequestBody TemplateRequest request) {
        return TemplateView.of(templates.update(caller, id, request));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(Caller caller, @PathVariable UUID id) {
        templates.delete(caller, id);
        return ResponseEntity.noContent().build();
    }

    /** The template rendered for one recipient, as a send would render it. */
    @PostMapping("/{id}/preview")
    public Personalization.Content preview(Caller caller, @PathVariable UUID id, @Valid @RequestBody PreviewRequest request) {
        return templates.preview(caller, id, request.recipientId(), request.variables());
    }
}
