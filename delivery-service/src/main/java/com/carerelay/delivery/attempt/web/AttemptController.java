package com.carerelay.delivery.attempt.web;

import com.carerelay.delivery.attempt.AttemptHistory;
import com.carerelay.platform.security.Caller;
import com.carerelay.platform.web.ApiException;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A message's delivery attempts, per recipient and channel. Only its sender sees them; for anyone else the message does not exist. */
@RestController
class AttemptController {

    private final AttemptHistory history;

    AttemptController(AttemptHistory history) {
        this.history = history;
    }

    @GetMapping("/api/v1/messages/{messageId}/attempts")
    AttemptHistoryView attempts(Caller caller, @PathVariable UUID messageId) {
        return history.forSender(caller.practiceId(), caller.id(), messageId)
                .orElseThrow(() -> ApiException.notFound("Message " + messageId));
    }
}
