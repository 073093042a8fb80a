package com.carerelay.directory.contact.web;

import com.carerelay.platform.security.Caller;
import com.carerelay.directory.contact.DirectContactService;
import com.carerelay.directory.web.PageView;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The Contacts module: DIRECT contacts of the caller's practice. */
@RestController
@RequestMapping("/api/v1/direct-contacts")
public class DirectContactController {

    private final DirectContactService contacts;

    public DirectContactController(DirectContactService contacts) {
        this.contacts = contacts;
    }

    @GetMapping
    public PageView<DirectContactView> list(Caller caller, @RequestParam(defaultValue = "0") @Min(0) int page,
                                            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return PageView.of(contacts.list(caller, page, size), DirectContactView::of);
    }

    @GetMapping("/{id}")
    public DirectContactView get(Caller caller, @PathVariable UUID id) {
        return DirectContactView.of(contacts.get(caller, id));
    }

    @PostMapping
    public ResponseEntity<DirectContactView> create(Caller caller, @Valid @RequestBody DirectContactRequest request) {
        DirectContactView created = DirectContactView.of(contacts.create(caller, request));
        return ResponseEntity.created(URI.create("/api/v1/direct-contacts/" + created.id())).body(created);
    }

    @PutMapping("/{id}")
    public DirectContactView update(Caller caller, @PathVariable UUID id, @Valid @RequestBody DirectContactRequest request) {
        return DirectContactView.of(contacts.update(caller, id, request));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(Caller caller, @PathVariable UUID id) {
        contacts.delete(caller, id);
        return ResponseEntity.noContent().build();
    }
}
