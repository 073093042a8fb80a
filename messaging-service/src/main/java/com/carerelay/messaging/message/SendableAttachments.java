package com.carerelay.messaging.message;

import com.carerelay.messaging.attachment.Attachment;
import com.carerelay.messaging.attachment.AttachmentProperties;
import com.carerelay.messaging.attachment.AttachmentRepository;
import com.carerelay.messaging.attachment.UnsentUploads;
import com.carerelay.platform.security.Caller;
import com.carerelay.platform.web.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/** The attachments a send or reply may carry: the caller's own uploads in their practice, not yet sent nor expired, within the per-message limit. */
@Component
class SendableAttachments {

    private final AttachmentRepository attachments;
    private final UnsentUploads unsent;
    private final DataSize maxPerMessage;

    SendableAttachments(AttachmentRepository attachments, UnsentUploads unsent, AttachmentProperties properties) {
        this.attachments = attachments;
        this.unsent = unsent;
        this.maxPerMessage = properties.maxMessageSize();
    }

    List<Attachment> select(Caller caller, List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<UUID, Attachment> found = attachments.findByPracticeIdAndIdIn(caller.practiceId(), ids).stream()
                .filter(attachment -> attachment.getUploadedBy().equals(caller.id()))
                .collect(Collectors.toMap(Attachment::getId, Function.identity()));
        List<Attachment> attached = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < ids.size(); i++) {
            Attachment attachment = found.get(ids.get(i));
            String field = "attachmentIds[" + i + "]";
            if (attachment == null) {
                throw ApiException.badField(field, field + ": no attachment " + ids.get(i) + " uploaded by you.");
            }
            if (attachment.getMessageId() != null) {
                throw ApiException.badField(field, field
                        + ": this attachment was already sent with another message; upload it again.");
            }
            if (!attachment.getUploadedAt().isAfter(unsent.expiredBefore())) {
                throw ApiException.badField(field, field + ": this upload expired before it was sent; upload it again.");
            }
            if (!attached.contains(attachment)) {
                attached.add(attachment);
                total += attachment.getSizeBytes();
            }
        }
        if (total > maxPerMessage.toBytes()) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "attachmentIds", "attachmentIds: the attachments add up"
                    + " to more than the " + maxPerMessage.toMegabytes() + " MB allowed per message.");
        }
        return attached;
    }
}
