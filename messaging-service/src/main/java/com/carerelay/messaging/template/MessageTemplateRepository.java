package com.carerelay.messaging.template;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface MessageTemplateRepository extends JpaRepository<MessageTemplate, UUID> {

    Optional<MessageTemplate> findByIdAndPracticeId(UUID id, UUID practiceId);

    List<MessageTemplate> findByPracticeIdOrderByName(UUID practiceId);

    boolean existsByPracticeIdAndNameIgnoreCaseAndIdNot(UUID practiceId, String name, UUID id);
}
