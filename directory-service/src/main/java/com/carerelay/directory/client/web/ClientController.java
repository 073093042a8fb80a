package com.carerelay.directory.client.web;

import com.carerelay.directory.config.Caller;
import com.carerelay.directory.client.ClientService;
import com.carerelay.directory.web.PageView;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/clients")
@Validated
public class ClientController {

    private final ClientService clients;

    public ClientController(ClientService clients) {
        this.clients = clients;
    }

    @GetMapping
    public PageView<ClientView> list(Caller caller, @RequestParam(defaultValue = "0") @Min(0) int page,
                                    @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return PageView.of(clients.list(caller, page, size), ClientView::of);
    }

    @GetMapping("/{id}")
    public ClientView get(Caller caller, @PathVariable UUID id) {
        return ClientView.of(clients.get(caller, id));
    }

    @PostMapping
    public ResponseEntity<ClientView> create(Caller caller, @Valid @RequestBody ClientRequest request) {
        ClientView created = ClientView.of(clients.create(caller, request));
        return ResponseEntity.created(URI.create("/api/v1/clients/" + created.id())).body(created);
    }

    @PutMapping("/{id}")
    public ClientView update(Caller caller, @PathVariable UUID id, @Valid @RequestBody ClientRequest request) {
        return ClientView.of(clients.update(caller, id, request));
    }
}
