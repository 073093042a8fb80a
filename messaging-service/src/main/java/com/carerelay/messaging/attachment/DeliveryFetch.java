package com.carerelay.messaging.attachment;

import com.carerelay.events.AttachmentFetchGrant;
import com.carerelay.platform.web.ApiException;
import java.time.Instant;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Serves an attachment's bytes to delivery-service for a DIRECT message (which carries the files
 * themselves). There is no user behind this call: it is allowed by an {@link AttachmentFetchGrant}
 * delivery-service signs with the fetch key both services hold, for exactly one attachment of one
 * sent message of one practice, for at most five minutes. Anything else answers 401 (no valid grant
 * for this attachment) or 404 (not an attachment of that message of that practice).
 */
@Service
@EnableConfigurationProperties(DeliveryFetch.Properties.class)
public class DeliveryFetch {

    /** {@code carerelay.attachment-fetch.*}: the fetch key (32 bytes, base64), the same value as delivery-service's. */
    @ConfigurationProperties("carerelay.attachment-fetch")
    public record Properties(String key) {
    }

    private final AttachmentRepository attachments;
    private final AttachmentFetchGrant grants;

    public DeliveryFetch(AttachmentRepository attachments, Properties properties) {
        this.attachments = attachments;
        this.grants = new AttachmentFetchGrant(properties.key());
    }

    /** The attachment when the grant allows exactly it; else 401 or 404 (problem+json). Its bytes: {@link AttachmentService#open}. */
    @Transactional(readOnly = true)
    public Attachment fetch(String grant, UUID attachmentId) {
        AttachmentFetchGrant.Scope scope = grants.verify(grant, Instant.now())
                .filter(allowed -> allowed.attachmentId().equals(attachmentId))
                .orElseThrow(() -> new ApiException(HttpStatus.UNAUTHORIZED, null,
                        "A valid " + AttachmentFetchGrant.HEADER + " for this attachment is required."));
        Attachment attachment = attachments.findByIdAndPracticeId(attachmentId, scope.practiceId())
                .filter(found -> scope.messageId().equals(found.getMessageId()))
                .orElseThrow(() -> ApiException.notFound("Attachment " + attachmentId));
        return attachment;
    }
}
