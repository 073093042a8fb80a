package com.carerelay.directory.group;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface StaffGroupRepository extends JpaRepository<StaffGroup, UUID> {

    Optional<StaffGroup> findByIdAndPracticeId(UUID id, UUID practiceId);

    Page<StaffGroup> findByPracticeId(UUID practiceId, Pageable page);

    boolean existsByPracticeIdAndNameIgnoreCaseAndIdNot(UUID practiceId, String name, UUID id);
}
