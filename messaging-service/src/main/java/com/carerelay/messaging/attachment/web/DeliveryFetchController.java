package com.carerelay.messaging.attachment.web;

import com.carerelay.events.AttachmentFetchGrant;
import com.carerelay.messaging.attachment.Attachment;
import com.carerelay.messaging.attachment.DeliveryFetch;
import java.util.UUID;
import com.carerelay.messaging.attachment.AttachmentService;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * delivery-service's internal download of a sent message's attachment for DIRECT ({@link DeliveryFetch}):
 * no user token (the path is public to the JWT chain), an {@link AttachmentFetchGrant} instead. The
 * bytes as stored, with their SHA-256, never cached.
 */
@RestController
public class DeliveryFetchController {

    private final DeliveryFetch fetch;
    private final AttachmentService attachments;

    public DeliveryFetchController(DeliveryFetch fetch, AttachmentService attachments) {
        this.fetch = fetch;
        this.attachments = attachments;
    }

    @GetMapping("/internal/v1/attachments/{id}")
    public ResponseEntity<Resource> fetch(@RequestHeader(name = AttachmentFetchGrant.HEADER, required = false) String grant,
                                        @PathVariable UUID id) {
        Attachment attachment = fetch.fetch(grant, id);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .contentLength(attachment.getSizeBytes())
                .header("X-Content-SHA256", attachment.getSha256())
                .header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(new InputStreamResource(attachments.open(attachment))); // streamed, chunk by chunk
    }
}
