package com.carerelay.messaging.attachment;

import com.carerelay.platform.security.Caller;
import com.carerelay.messaging.message.MessageRecipientRepository;
import com.carerelay.messaging.message.MessageRepository;
import com.carerelay.platform.web.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;
import org.apache.tika.Tika;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.unit.DataSize;
import org.springframework.web.multipart.MultipartFile;

/**
 * Uploads and downloads. The type comes from the bytes (Apache Tika), never from the name or the
 * Content-Type header, and must be on the allow-list; the name is sanitized and only shown, the file is
 * stored under a generated id with its SHA-256. Only the uploader and, once sent, the message's sender
 * and recipients may download it.
 */
@Service
public class AttachmentService {

    static final Set<String> ALLOWED_TYPES = Set.of(
            "application/pdf",
            "image/png", "image/jpeg", "image/gif", "image/webp", "image/tiff", "image/heic",
            "text/plain", "text/csv",
            "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
            "application/x-tika-msoffice", "application/x-tika-ooxml",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation");

    private final AttachmentRepository attachments;
    private final MessageRepository messages;
    private final MessageRecipientRepository copies;
    private final MalwareScanner scanner;
    private final DataSize maxFileSize;
    private final Tika tika = new Tika();

    public AttachmentService(AttachmentRepository attachments, MessageRepository messages,
                             MessageRecipientRepository copies, MalwareScanner scanner,
                             @Value("${carerelay.attachments.max-file-size}") DataSize maxFileSize) {
        this.attachments = attachments;
        this.messages = messages;
        this.copies = copies;
        this.scanner = scanner;
        this.maxFileSize = maxFileSize;
    }

    @Transactional
    public Attachment upload(Caller caller, MultipartFile file) {
        if (caller.isStaff()) {
            caller.require("message:send");
        }
        if (file == null || file.isEmpty()) {
            throw ApiException.badField("file", "file: an attachment must not be empty.");
        }
        if (file.getSize() > maxFileSize.toBytes()) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "file",
                    "file: larger than the " + maxFileSize.toMegabytes() + " MB limit.");
        }
        byte[] content;
        try {
            content = file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String mediaType = tika.detect(content);
        if (!ALLOWED_TYPES.contains(mediaType)) {
            throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "file", "file: content of type " + mediaType
                    + " is not allowed; send PDF, images, plain text, CSV or Office documents.");
        }
        scanner.check(content);
        return attachments.save(new Attachment(UUID.randomUUID(), caller.practiceId(), caller.id(),
                FileNames.sanitize(file.getOriginalFilename()), mediaType, content, sha256(content)));
    }

    /** The attachment with its bytes, for the uploader or the sender and recipients of its message; else 404. */
    @Transactional(readOnly = true)
    public Attachment download(Caller caller, UUID id) {
        Attachment attachment = attachments.findByIdAndPracticeId(id, caller.practiceId())
                .filter(found -> mayRead(caller, found))
                .orElseThrow(() -> ApiException.notFound("Attachment " + id));
        attachment.getContent();
        return attachment;
    }

    private boolean mayRead(Caller caller, Attachment attachment) {
        if (attachment.getUploadedBy().equals(caller.id())) {
            return true;
        }
        UUID messageId = attachment.getMessageId();
        return messageId != null && (messages.findByIdAndPracticeId(messageId, caller.practiceId())
                .filter(message -> message.getSenderId().equals(caller.id())).isPresent()
                || copies.findByMessageIdAndRecipientId(messageId, caller.id()).isPresent());
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
