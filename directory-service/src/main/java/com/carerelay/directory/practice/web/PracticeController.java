package com.carerelay.directory.practice.web;

import com.carerelay.platform.security.Caller;
import com.carerelay.directory.practice.PracticeService;
import jakarta.validation.Valid;
import java.net.URI;
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

/** The caller's own practice: its name, sender address, switches and webhook endpoint with its signing secrets. */
@RestController
@RequestMapping("/api/v1/practice")
public class PracticeController {

    private final PracticeService practices;

    public PracticeController(PracticeService practices) {
        this.practices = practices;
    }

    @GetMapping
    public PracticeView get(Caller caller) {
        return PracticeView.of(practices.get(caller), practices.activeSecrets(caller));
    }

    @PutMapping
    public PracticeView update(Caller caller, @Valid @RequestBody PracticeRequest request) {
        return PracticeView.of(practices.update(caller, request), practices.activeSecrets(caller));
    }

    /** Creates a new webhook signing secret (rotation step 1); its value is in this response only. */
    @PostMapping("/webhook-secrets")
    public ResponseEntity<PracticeView.NewSecretView> rotate(Caller caller) {
        PracticeService.NewSecret created = practices.rotateSecret(caller);
        return ResponseEntity.created(URI.create("/api/v1/practice/webhook-secrets/" + created.secret().getId()))
                .body(new PracticeView.NewSecretView(created.secret().getId(), created.value(),
                        created.secret().getHint(), created.secret().getCreatedAt()));
    }

    /** Retires a webhook signing secret (rotation step 2): deliveries stop signing with it. */
    @DeleteMapping("/webhook-secrets/{id}")
    public ResponseEntity<Void> retire(Caller caller, @PathVariable UUID id) {
        practices.retireSecret(caller, id);
        return ResponseEntity.noContent().build();
    }
}
