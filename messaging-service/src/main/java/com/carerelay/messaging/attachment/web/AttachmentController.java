package com.carerelay.messaging.attachment.web;

import com.carerelay.messaging.attachment.Attachment;
import com.carerelay.messaging.attachment.AttachmentService;
import com.carerelay.platform.security.Caller;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1/attachments")
public class AttachmentController {

    private final AttachmentService attachments;

    public AttachmentController(AttachmentService attachments) {
        this.attachments = attachments;
    }

    public record AttachmentView(UUID id, String fileName, String mediaType, long sizeBytes, String sha256) {

        static AttachmentView of(Attachment attachment) {
            return new AttachmentView(attachment.getId(), attachment.getFileName(), attachment.getMediaType(),
                    attachment.getSizeBytes(), attachment.getSha256());
        }
    }

    /** Uploads one file (multipart field {@code file}); attach it to a message by its id. */
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public ResponseEntity<AttachmentView> upload(Caller caller, @RequestPart("file") MultipartFile file) {
        AttachmentView uploaded = AttachmentView.of(attachments.upload(caller, file));
        return ResponseEntity.created(URI.create("/api/v1/attachments/" + uploaded.id())).body(uploaded);
    }

    @GetMapping("/{id}")
    public ResponseEntity<byte[]> download(Caller caller, @PathVariable UUID id) {
        Attachment attachment = attachments.download(caller, id);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(attachment.getMediaType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(attachment.getFileName(), StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(attachment.getContent());
    }
}
