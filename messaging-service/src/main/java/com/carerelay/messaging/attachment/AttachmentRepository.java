package com.carerelay.messaging.attachment;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface AttachmentRepository extends JpaRepository<Attachment, UUID> {

    Optional<Attachment> findByIdAndPracticeId(UUID id, UUID practiceId);

    List<Attachment> findByPracticeIdAndIdIn(UUID practiceId, Collection<UUID> ids);

    List<Attachment> findByMessageIdIn(Collection<UUID> messageIds);

    /** Metadata only (the bytes stay in the database until downloaded). */
    @Query("select a.id as id, a.fileName as fileName, a.mediaType as mediaType, a.sizeBytes as sizeBytes,"
            + " a.sha256 as sha256 from Attachment a where a.messageId = ?1 order by a.uploadedAt")
    List<AttachmentSummary> summariesOf(UUID messageId);

    interface AttachmentSummary {
        UUID getId();

        String getFileName();

        String getMediaType();

        long getSizeBytes();

        String getSha256();
    }
}
