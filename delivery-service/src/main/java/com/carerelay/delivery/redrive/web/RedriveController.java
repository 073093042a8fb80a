package com.carerelay.delivery.redrive.web;

import com.carerelay.platform.security.Caller;
import com.carerelay.delivery.redrive.Redrive;
import com.carerelay.platform.web.ApiException;
import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Re-queues a message's failed deliveries; needs the {@code delivery:redrive} permission, within the caller's practice. */
@RestController
class RedriveController {

    static final String PERMISSION = "delivery:redrive";

    private final Redrive redrive;

    RedriveController(Redrive redrive) {
        this.redrive = redrive;
    }

    @PostMapping("/api/v1/messages/{messageId}/attempts/redrive")
    RedriveResult redrive(Caller caller, @PathVariable UUID messageId) {
        caller.require(PERMISSION);
        int requeued = redrive.message(caller.practiceId(), messageId, caller.id());
        if (requeued < 0) {
            throw ApiException.notFound("Message " + messageId);
        }
        return new RedriveResult(messageId, requeued);
    }

    record RedriveResult(UUID messageId, int requeued) {
    }
}
