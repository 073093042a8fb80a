package com.carerelay.directory.client.web;

import com.carerelay.directory.client.ClientService;
import com.carerelay.directory.client.PushSubscription;
import com.carerelay.platform.security.Caller;
import com.carerelay.directory.web.PageView;
import com.carerelay.events.DirectoryChanged.PortalStatus;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.List;
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

/**
 * Clients. Staff with directory:read-clients read them (contact details and preferences only directory admins)
 * and directory admins change them; a client reads themselves and manages their own notification preferences
 * and push subscriptions.
 */
@RestController
@RequestMapping("/api/v1/clients")
public class ClientController {

    private final ClientService clients;

    public ClientController(ClientService clients) {
        this.clients = clients;
    }

    @GetMapping
    @Operation(description = "The practice's clients by name. Staff need directory:read-clients; email, phone and"
            + " the notification preferences are null unless the caller also has directory:admin.")
    public PageView<ClientView> list(Caller caller, @RequestParam(defaultValue = "0") @Min(0) int page,
                                    @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        boolean contactDetails = ClientService.seesContactDetails(caller);
        return PageView.of(clients.list(caller, page, size), client -> ClientView.of(client, contactDetails));
    }

    @GetMapping("/{id}")
    @Operation(description = "One client: the client themselves, or staff with directory:read-clients; email, phone"
            + " and the notification preferences are null unless the caller is the client or has directory:admin.")
    public ClientView get(Caller caller, @PathVariable UUID id) {
        return ClientView.of(clients.get(caller, id), ClientService.seesContactDetails(caller));
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

    /** Invites the client to the portal (from not invited, or again after a revoke). */
    @PostMapping("/{id}/portal/invite")
    public ClientView invite(Caller caller, @PathVariable UUID id) {
        return ClientView.of(clients.movePortal(caller, id, PortalStatus.invited));
    }

    /** The invited client accepted (first sign-in); the client themselves or a directory admin. */
    @PostMapping("/{id}/portal/activate")
    public ClientView activate(Caller caller, @PathVariable UUID id) {
        return ClientView.of(clients.movePortal(caller, id, PortalStatus.active));
    }

    /** Ends portal access: the client can no longer be messaged or sign in. */
    @PostMapping("/{id}/portal/revoke")
    public ClientView revoke(Caller caller, @PathVariable UUID id) {
        return ClientView.of(clients.movePortal(caller, id, PortalStatus.revoked));
    }

    @GetMapping("/{id}/preferences")
    @Operation(description = "The client themselves or a directory admin (directory:admin).")
    public PreferencesView preferences(Caller caller, @PathVariable UUID id) {
        return PreferencesView.of(clients.preferences(caller, id));
    }

    @PutMapping("/{id}/preferences")
    public PreferencesView changePreferences(Caller caller, @PathVariable UUID id,
                                             @Valid @RequestBody PreferencesRequest request) {
        return PreferencesView.of(clients.changePreferences(caller, id, request));
    }

    @GetMapping("/{id}/push-subscriptions")
    @Operation(description = "The client themselves or a directory admin (directory:admin).")
    public List<PushSubscriptionView> pushSubscriptions(Caller caller, @PathVariable UUID id) {
        return clients.pushSubscriptions(caller, id).stream().map(PushSubscriptionView::of).toList();
    }

    @PostMapping("/{id}/push-subscriptions")
    public ResponseEntity<PushSubscriptionView> subscribe(Caller caller, @PathVariable UUID id,
                                                          @Valid @RequestBody PushSubscriptionRequest request) {
        PushSubscription subscription = clients.subscribe(caller, id, request);
        return ResponseEntity.created(URI.create("/api/v1/clients/" + id + "/push-subscriptions/" + subscription.getId()))
                .body(PushSubscriptionView.of(subscription));
    }

    @DeleteMapping("/{id}/push-subscriptions/{subscriptionId}")
    public ResponseEntity<Void> unsubscribe(Caller caller, @PathVariable UUID id, @PathVariable UUID subscriptionId) {
        clients.unsubscribe(caller, id, subscriptionId);
        return ResponseEntity.noContent().build();
    }
}
