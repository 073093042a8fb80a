package com.carerelay.directory.staff.web;

import com.carerelay.platform.security.Caller;
import com.carerelay.directory.staff.DirectCredentialsService;
import com.carerelay.directory.staff.StaffService;
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

@RestController
@RequestMapping("/api/v1/staff")
public class StaffController {

    private final StaffService staff;
    private final DirectCredentialsService credentials;

    public StaffController(StaffService staff, DirectCredentialsService credentials) {
        this.staff = staff;
        this.credentials = credentials;
    }

    @GetMapping
    public PageView<StaffView> list(Caller caller, @RequestParam(defaultValue = "0") @Min(0) int page,
                                    @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return PageView.of(staff.list(caller, page, size), StaffView::of);
    }

    @GetMapping("/{id}")
    public StaffView get(Caller caller, @PathVariable UUID id) {
        return StaffView.of(staff.get(caller, id));
    }

    @PostMapping
    public ResponseEntity<StaffView> create(Caller caller, @Valid @RequestBody StaffRequest request) {
        StaffView created = StaffView.of(staff.create(caller, request));
        return ResponseEntity.created(URI.create("/api/v1/staff/" + created.id())).body(created);
    }

    @PutMapping("/{id}")
    public StaffView update(Caller caller, @PathVariable UUID id, @Valid @RequestBody StaffRequest request) {
        return StaffView.of(staff.update(caller, id, request));
    }

    /** The staff member's DIRECT credentials and their last check (directory admin or the staff member). */
    @GetMapping("/{id}/direct-credentials")
    public DirectCredentialsView directCredentials(Caller caller, @PathVariable UUID id) {
        return DirectCredentialsView.of(credentials.get(caller, id));
    }

    /** Uploads DIRECT address, certificate and private key; they are checked at once and the outcome returned. */
    @PutMapping("/{id}/direct-credentials")
    public DirectCredentialsView uploadDirectCredentials(Caller caller, @PathVariable UUID id,
                                                         @Valid @RequestBody DirectCredentialsRequest request) {
        return DirectCredentialsView.of(credentials.upload(caller, id, request));
    }

    /** Checks the stored DIRECT credentials again and stores the outcome. */
    @PostMapping("/{id}/direct-credentials/validation")
    public DirectCredentialsView validateDirectCredentials(Caller caller, @PathVariable UUID id) {
        return DirectCredentialsView.of(credentials.validate(caller, id));
    }

    @DeleteMapping("/{id}/direct-credentials")
    public ResponseEntity<Void> removeDirectCredentials(Caller caller, @PathVariable UUID id) {
        credentials.remove(caller, id);
        return ResponseEntity.noContent().build();
    }
}
