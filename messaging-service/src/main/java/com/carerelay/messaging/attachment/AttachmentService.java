package com.carerelay.messaging.attachment;

import com.carerelay.messaging.message.MessageRecipientRepository;
import com.carerelay.messaging.message.MessageRepository;
import com.carerelay.messaging.message.Senders;
import com.carerelay.platform.security.Caller;
import com.carerelay.platform.web.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.UUID;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.multipart.MultipartFile;

/**
 * Uploads and downloads. Only someone who may send a message may upload (checked against the
 * directory replica, as a send is), within their quota of unsent uploads. The upload streams to a
 * temporary file (size limit, SHA-256 and type from the bytes on the way), passes the content rules
 * and the malware scan, and only then is stored, in chunks, under a generated id and a name ending in
 * its detected type's extension. Any refusal stores nothing. Only the uploader and, once sent, the
 * message's sender and recipients may download it.
 */
@Service
@EnableConfigurationProperties(AttachmentProperties.class)
public class AttachmentService {

    static final long STAGING_RETRY_AFTER_SECONDS = 10;

    private final AttachmentRepository attachments;
    private final AttachmentStore store;
    private final MessageRepository messages;
    private final MessageRecipientRepository copies;
    private final Senders senders;
    private final UnsentUploads unsent;
    private final MalwareScanner scanner;
    private final AttachmentProperties properties;
    private final ContentRules rules;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public AttachmentService(AttachmentRepository attachments, AttachmentStore store, MessageRepository messages,
                             MessageRecipientRepository copies, Senders senders, UnsentUploads unsent,
                             MalwareScanner scanner, AttachmentProperties properties,
                             PlatformTransactionManager transactionManager, Clock clock) {
        this.attachments = attachments;
        this.store = store;
        this.messages = messages;
        this.copies = copies;
        this.senders = senders;
        this.unsent = unsent;
        this.scanner = scanner;
        this.properties = properties;
        this.rules = new ContentRules(properties);
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    public Attachment upload(Caller caller, MultipartFile file) {
        senders.requireMaySend(caller);
        if (file == null || file.isEmpty()) {
            throw ApiException.badField("file", "file: an attachment must not be empty.");
        }
        unsent.check(caller, file.getSize(), false);
        try (InputStream in = file.getInputStream();
             StagedUpload staged = StagedUpload.stage(in, properties.maxFileSize())) {
            String mediaType = rules.decide(staged, file.getOriginalFilename());
            scanner.check(staged.path());
            Attachment attachment = new Attachment(UUID.randomUUID(), caller.practiceId(), caller.id(),
                    FileNames.forType(file.getOriginalFilename(), mediaType), mediaType, staged.size(), staged.sha256(),
                    clock.instant());
            return transactions.execute(status -> {
                unsent.check(caller, staged.size(), true);
                Attachment saved = attachments.saveAndFlush(attachment);
                store.write(saved.getId(), staged.path());
                return saved;
            });
        } catch (IOException e) {
            // the temporary file could not be written or read (a full or failing disk): nothing was stored
            throw ApiException.unavailable(STAGING_RETRY_AFTER_SECONDS,
                    "file: the upload could not be staged for checking, so it was not accepted. Try again shortly.");
        }
    }

    /** The attachment, for the uploader or the sender and recipients of its message; else 404. Open its bytes with {@link #open}. */
    @Transactional(readOnly = true)
    public Attachment find(Caller caller, UUID id) {
        return attachments.findByIdAndPracticeId(id, caller.practiceId())
                .filter(found -> mayRead(caller, found))
                .orElseThrow(() -> ApiException.notFound("Attachment " + id));
    }

    /** The attachment's bytes, streamed from the database one chunk at a time. */
    public InputStream open(Attachment attachment) {
        return store.open(attachment.getId());
    }

    /** Removes one's own upload that was not sent (frees quota); a sent one answers 409, anyone else's 404. */
    @Transactional
    public void delete(Caller caller, UUID id) {
        Attachment attachment = attachments.findByIdAndPracticeId(id, caller.practiceId())
                .filter(found -> found.getUploadedBy().equals(caller.id()))
                .orElseThrow(() -> ApiException.notFound("Attachment " + id));
        if (attachment.getMessageId() != null) {
            throw ApiException.conflict("This attachment was sent with a message and stays with it.");
        }
        attachments.delete(attachment);
    }

    private boolean mayRead(Caller caller, Attachment attachment) {
        if (attachment.getUploadedBy().equals(caller.id())) {
            return attachment.getMessageId() != null || attachment.getUploadedAt().isAfter(unsent.expiredBefore());
        }
        UUID messageId = attachment.getMessageId();
        return messageId != null && (messages.findByIdAndPracticeId(messageId, caller.practiceId())
                .filter(message -> message.getSenderId().equals(caller.id())).isPresent()
                || copies.findByMessageIdAndRecipientId(messageId, caller.id()).isPresent());
    }
}
