package com.carerelay.directory.contact;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface DirectContactRepository extends JpaRepository<DirectContact, UUID> {

    Optional<DirectContact> findByIdAndPracticeId(UUID id, UUID practiceId);

    Page<DirectContact> findByPracticeId(UUID practiceId, Pageable page);

    boolean existsByPracticeIdAndDirectAddressIgnoreCaseAndIdNot(UUID practiceId, String directAddress, UUID id);
}
