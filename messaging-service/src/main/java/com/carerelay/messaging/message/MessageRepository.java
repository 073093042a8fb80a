package com.carerelay.messaging.message;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface MessageRepository extends JpaRepository<Message, UUID> {

    Optional<Message> findByIdAndPracticeId(UUID id, UUID practiceId);

    List<Message> findByPracticeIdAndSenderIdOrderBySentAtDesc(UUID practiceId, UUID senderId, Pageable page);

    List<Message> findByPracticeIdAndThreadIdOrderBySentAt(UUID practiceId, UUID threadId);
}
