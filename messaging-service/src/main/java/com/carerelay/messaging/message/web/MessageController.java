package com.carerelay.messaging.message.web;

import com.carerelay.platform.security.Caller;
import com.carerelay.messaging.delivery.DeliveryHistoryView;
import com.carerelay.messaging.message.MessageReading;
import com.carerelay.messaging.message.MessageSending;
import com.carerelay.messaging.message.ReadReceipts;
import com.carerelay.platform.web.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
public class MessageController {

    private final MessageSending sending;
    private final MessageReading reading;
    private final ReadReceipts receipts;

    public MessageController(MessageSending sending, MessageReading reading, ReadReceipts receipts) {
        this.sending = sending;
        this.reading = reading;
        this.receipts = receipts;
    }

    /**
     * Sends a message; answers 201 with the message and its recipients. With an {@code Idempotency-Key},
     * a retry answers the first response again (marked {@code Idempotent-Replayed: true}) and creates nothing.
     */
    @PostMapping("/messages")
    public ResponseEntity<MessageView> send(Caller caller, @Valid @RequestBody SendMessageRequest request,
                                            @RequestHeader(name = "Idempotency-Key", required = false)
                                            String idempotencyKey) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
            throw ApiException.badField("Idempotency-Key", "Idempotency-Key: must be 1 to 200 characters.");
        }
        return created(sending.send(caller, request, idempotencyKey));
    }

    /** Replies in the message's thread (a client replies to the staff sender from the portal). */
    @PostMapping("/messages/{id}/replies")
    public ResponseEntity<MessageView> reply(Caller caller, @PathVariable UUID id, @Valid @RequestBody ReplyRequest request) {
        return created(sending.reply(caller, id, request));
    }

    @GetMapping("/messages/{id}")
    public MessageView get(Caller caller, @PathVariable UUID id) {
        return reading.get(caller, id);
    }

    /** Marks the caller's copy read; the sender sees it as a read receipt. */
    @PostMapping("/messages/{id}/read")
    public ResponseEntity<Void> read(Caller caller, @PathVariable UUID id) {
        receipts.markRead(caller, id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/messages/{id}/archive")
    public ResponseEntity<Void> archive(Caller caller, @PathVariable UUID id) {
        receipts.archive(caller, id);
        return ResponseEntity.noContent().build();
    }

    /** Delivery status per recipient and channel, with each one's timeline (sender only). */
    @GetMapping("/messages/{id}/delivery")
    public DeliveryHistoryView delivery(Caller caller, @PathVariable UUID id) {
        return reading.deliveryHistory(caller, id);
    }

    @GetMapping("/threads/{threadId}")
    public List<MessageView> thread(Caller caller, @PathVariable UUID threadId) {
        return reading.thread(caller, threadId);
    }

    @GetMapping("/inbox")
    public List<InboxItem> inbox(Caller caller, @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        return reading.inbox(caller, limit);
    }

    @GetMapping("/inbox/unread-count")
    public Map<String, Long> unreadCount(Caller caller) {
        return Map.of("unread", reading.unreadCount(caller));
    }

    @GetMapping("/sent")
    public List<InboxItem> sent(Caller caller, @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        return reading.sent(caller, limit);
    }

    private static ResponseEntity<MessageView> created(MessageSending.Sent sent) {
        ResponseEntity.BodyBuilder response = ResponseEntity.created(URI.create("/api/v1/messages/" + sent.message().id()));
        if (sent.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.body(sent.message());
    }
}
