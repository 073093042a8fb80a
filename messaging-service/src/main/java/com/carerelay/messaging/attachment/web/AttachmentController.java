package com.carerelay.messaging.attachment.web;

import com.carerelay.messaging.attachment.Attachment;
import com.carerelay.messaging.attachment.AttachmentService;
import com.carerelay.platform.security.Caller;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
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

    /** The file, streamed from storage (never whole in the heap). */
    @GetMapping("/{id}")
    public ResponseEntity<Resource> download(Caller caller, @PathVariable UUID id) {
        Attachment attachment = attachments.find(caller, id);
        InputStream content = attachments.open(attachment);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(attachment.getMediaType()))
                .contentLength(attachment.getSizeBytes())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(attachment.getFileName(), StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(new InputStreamResource(content));
    }

    /** Removes one's own unsent upload (frees quota). */
    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(Caller caller, @PathVariable UUID id) {
        attachments.delete(caller, id);
        return ResponseEntity.noContent().build();
    }
}
