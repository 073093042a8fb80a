package com.carerelay.directory.client;

import com.carerelay.events.DirectoryChanged.PortalStatus;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ClientRepository extends JpaRepository<Client, UUID> {

    Optional<Client> findByIdAndPracticeId(UUID id, UUID practiceId);

    Page<Client> findByPracticeId(UUID practiceId, Pageable page);

    boolean existsByPracticeIdAndEmailIgnoreCaseAndIdNot(UUID practiceId, String email, UUID id);

    List<Client> findByEmailIgnoreCaseAndPortalStatusIn(String email, Collection<PortalStatus> statuses);
}
