package com.carerelay.directory.practice;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface WebhookSecretRepository extends JpaRepository<WebhookSecret, UUID> {

    List<WebhookSecret> findByPracticeIdAndRetiredAtIsNullOrderByCreatedAtDesc(UUID practiceId);

    Optional<WebhookSecret> findByIdAndPracticeIdAndRetiredAtIsNull(UUID id, UUID practiceId);
}
