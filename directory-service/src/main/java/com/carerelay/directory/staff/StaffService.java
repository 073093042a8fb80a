package com.carerelay.directory.staff;

import com.carerelay.platform.security.Caller;
import com.carerelay.directory.config.DirectoryEvents;
import com.carerelay.directory.recipient.RecipientIndex;
import com.carerelay.directory.staff.web.StaffRequest;
import com.carerelay.platform.web.ApiException;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class StaffService {

    static final String ADMIN = "directory:admin";

    private final StaffRepository staff;
    private final DirectoryEvents events;
    private final RecipientIndex index;

    public StaffService(StaffRepository staff, DirectoryEvents events, RecipientIndex index) {
        this.staff = staff;
        this.events = events;
        this.index = index;
    }

    @Transactional(readOnly = true)
    public Page<Staff> list(Caller caller, int page, int size) {
        caller.requireStaff();
        return staff.findByPracticeId(caller.practiceId(), PageRequest.of(page, size, Sort.by("lastName", "firstName")));
    }

    @Transactional(readOnly = true)
    public Staff get(Caller caller, UUID id) {
        caller.requireStaff();
        return find(caller, id);
    }

    @Transactional
    public Staff create(Caller caller, StaffRequest request) {
        caller.require(ADMIN);
        return save(caller.practiceId(), new Staff(UUID.randomUUID(), caller.practiceId()), request);
    }

    @Transactional
    public Staff update(Caller caller, UUID id, StaffRequest request) {
        caller.require(ADMIN);
        return save(caller.practiceId(), find(caller, id), request);
    }

    /** Creates or updates a staff member in a practice and publishes the change (also used to seed demo data). */
    @Transactional
    public Staff save(UUID practiceId, Staff member, StaffRequest request) {
        if (staff.existsByPracticeIdAndEmailIgnoreCaseAndIdNot(practiceId, request.email(), member.getId())) {
            throw new ApiException(HttpStatus.CONFLICT, "email", "email: another staff member already uses " + request.email() + ".");
        }
        member.update(request.firstName(), request.lastName(), request.email(), request.activeOrDefault(),
                request.roles(), request.emailNotificationsOrDefault());
        Staff saved = staff.saveAndFlush(member);
        index.put(RecipientIndex.Entry.staff(saved.getId(), practiceId, saved.getFirstName(), saved.getLastName(),
                saved.getEmail()), saved.isActive());
        index.recountGroupsOf(saved.getId());
        events.changed(saved);
        return saved;
    }

    Staff find(Caller caller, UUID id) {
        return staff.findByIdAndPracticeId(id, caller.practiceId())
                .orElseThrow(() -> ApiException.notFound("Staff member " + id));
    }
}
