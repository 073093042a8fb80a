package com.carerelay.directory.staff;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface StaffRepository extends JpaRepository<Staff, UUID> {

    Optional<Staff> findByIdAndPracticeId(UUID id, UUID practiceId);

    Page<Staff> findByPracticeId(UUID practiceId, Pageable page);

    List<Staff> findByPracticeIdAndIdIn(UUID practiceId, Collection<UUID> ids);

    boolean existsByPracticeIdAndEmailIgnoreCaseAndIdNot(UUID practiceId, String email, UUID id);

    boolean existsByPracticeIdAndDirectAddressIgnoreCaseAndIdNot(UUID practiceId, String directAddress, UUID id);

    List<Staff> findByEmailIgnoreCaseAndActiveTrue(String email);

    /** Everyone, in every practice, whose DIRECT credentials were valid when last checked. */
    List<Staff> findByDirectCredentialsValidTrue();
}
