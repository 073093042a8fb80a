package com.carerelay.platform.deadletter;

import com.carerelay.platform.security.Caller;
import com.carerelay.platform.security.StaffPermissions;
import com.carerelay.platform.web.ApiException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lists this practice's events the service's consumer group dead-lettered and re-queues one to its
 * original topic. Every consuming service serves it; needs {@code delivery:redrive}.
 */
@RestController
public class DeadLetterController {

    static final String PERMISSION = "delivery:redrive";

    private final DeadLetters deadLetters;
    private final StaffPermissions staffPermissions;

    /** @param staffPermissions the directory's current grants, or null where the service keeps none (the token decides) */
    public DeadLetterController(DeadLetters deadLetters, StaffPermissions staffPermissions) {
        this.deadLetters = deadLetters;
        this.staffPermissions = staffPermissions;
    }

    private void requireRedrive(Caller caller) {
        if (staffPermissions != null) {
            staffPermissions.require(caller, PERMISSION);
        } else {
            requireRedrive(caller);
        }
    }

    @GetMapping("/api/v1/dead-letters")
    DeadLetters.Listing list(Caller caller, @RequestParam(defaultValue = "50") int limit) {
        requireRedrive(caller);
        if (limit < 1 || limit > 500) {
            throw ApiException.badField("limit", "limit: must be between 1 and 500.");
        }
        return deadLetters.list(caller.practiceId(), limit);
    }

    @PostMapping("/api/v1/dead-letters/{partition}/{offset}/redrive")
    DeadLetters.Redriven redrive(Caller caller, @PathVariable int partition, @PathVariable long offset) {
        requireRedrive(caller);
        try {
            return deadLetters.redrive(caller.practiceId(), partition, offset, caller.id())
                    .orElseThrow(() -> ApiException.notFound("Dead letter " + partition + "/" + offset));
        } catch (DeadLetters.NotRedrivable e) {
            throw ApiException.conflict(e.getMessage());
        }
    }
}
