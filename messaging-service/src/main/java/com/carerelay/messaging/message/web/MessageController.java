package com.carerelay.messaging.message.web;

import com.carerelay.messaging.config.Caller;
import com.carerelay.messaging.delivery.DeliveryHistoryView;
import com.carerelay.messaging.message.MessageService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Validated
public class MessageController {

    private final MessageService messages;

    public MessageController(MessageService messages) {
        this.messages = messages;
    }

    /** Sends a message; answers 201 with the message and its recipients. */
    @PostMapping("/messages")
    public ResponseEntity<MessageView> send(Caller caller, @Valid @RequestBody SendMessageRequest request) {
        MessageView sent = messages.send(caller, request);
        return ResponseEntity.created(URI.create("/api/v1/messages/" + sent.id())).body(sent);
    }

    @GetMapping("/messages/{id}")
    public MessageView get(Caller caller, @PathVariable UUID id) {
        return messages.get(caller, id);
    }

    /** Delivery status per recipient and channel, with each one's timeline. */
    @GetMapping("/messages/{id}/delivery")
    public DeliveryHistoryView delivery(Caller caller, @PathVariable UUID id) {
        return messages.deliveryHistory(caller, id);
    }

    @GetMapping("/inbox")
    public List<InboxItem> inbox(Caller caller, @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        return messages.inbox(caller, limit);
    }

    @GetMapping("/sent")
    public List<InboxItem> sent(Caller caller, @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        return messages.sent(caller, limit);
    }
}
