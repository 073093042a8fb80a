package com.carerelay.messaging.message;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface MessageRecipientRepository extends JpaRepository<MessageRecipient, UUID> {

    List<MessageRecipient> findByMessageIdOrderByDisplayName(UUID messageId);

    List<MessageRecipient> findByMessageIdIn(Collection<UUID> messageIds);

    Optional<MessageRecipient> findByMessageIdAndRecipientId(UUID messageId, UUID recipientId);

    List<MessageRecipient> findByPracticeIdAndRecipientIdAndArchivedAtIsNullOrderBySentAtDesc(UUID practiceId,
                                                                                           UUID recipientId,
                                                                                           Pageable page);

    long countByPracticeIdAndRecipientIdAndReadAtIsNullAndArchivedAtIsNull(UUID practiceId, UUID recipientId);

    List<MessageRecipient> findByMessageIdInAndRecipientId(Collection<UUID> messageIds, UUID recipientId);
}
