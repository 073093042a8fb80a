package com.carerelay.directory.group;

import com.carerelay.platform.security.Caller;
import com.carerelay.directory.config.DirectoryEvents;
import com.carerelay.directory.group.web.GroupRequest;
import com.carerelay.directory.recipient.RecipientIndex;
import com.carerelay.directory.staff.Staff;
import com.carerelay.directory.staff.StaffRepository;
import com.carerelay.platform.web.ApiException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class GroupService {

    static final String ADMIN = "directory:admin";

    private final StaffGroupRepository groups;
    private final StaffRepository staff;
    private final DirectoryEvents events;
    private final RecipientIndex index;

    public GroupService(StaffGroupRepository groups, StaffRepository staff, DirectoryEvents events,
                        RecipientIndex index) {
        this.groups = groups;
        this.staff = staff;
        this.events = events;
        this.index = index;
    }

    @Transactional(readOnly = true)
    public Page<StaffGroup> list(Caller caller, int page, int size) {
        caller.requireStaff();
        return groups.findByPracticeId(caller.practiceId(), PageRequest.of(page, size, Sort.by("name")));
    }

    @Transactional(readOnly = true)
    public StaffGroup get(Caller caller, UUID id) {
        caller.requireStaff();
        return find(caller, id);
    }

    /** The group's active members: who a message to the group reaches. */
    @Transactional(readOnly = true)
    public List<Staff> activeMembers(Caller caller, UUID id) {
        caller.requireStaff();
        return staff.findByPracticeIdAndIdIn(caller.practiceId(), find(caller, id).getMemberIds()).stream()
                .filter(Staff::isActive).toList();
    }

    @Transactional
    public StaffGroup create(Caller caller, GroupRequest request) {
        caller.require(ADMIN);
        return save(caller.practiceId(), new StaffGroup(UUID.randomUUID(), caller.practiceId()), request);
    }

    @Transactional
    public StaffGroup update(Caller caller, UUID id, GroupRequest request) {
        caller.require(ADMIN);
        return save(caller.practiceId(), find(caller, id), request);
    }

    /** Creates or updates a group; every member must be staff of the same practice. */
    @Transactional
    public StaffGroup save(UUID practiceId, StaffGroup group, GroupRequest request) {
        if (groups.existsByPracticeIdAndNameIgnoreCaseAndIdNot(practiceId, request.name(), group.getId())) {
            throw new ApiException(HttpStatus.CONFLICT, "name", "name: a group named " + request.name() + " already exists.");
        }
        Set<UUID> wanted = new LinkedHashSet<>(request.memberIds());
        List<Staff> members = staff.findByPracticeIdAndIdIn(practiceId, wanted);
        Set<UUID> known = members.stream().map(Staff::getId).collect(Collectors.toSet());
        for (int i = 0; i < request.memberIds().size(); i++) {
            if (!known.contains(request.memberIds().get(i))) {
                throw ApiException.badField("memberIds[" + i + "]",
                        "memberIds[" + i + "]: no staff member " + request.memberIds().get(i) + " in this practice.");
            }
        }
        group.update(request.name(), List.copyOf(wanted));
        StaffGroup saved = groups.save(group);
        index.put(RecipientIndex.Entry.group(saved.getId(), practiceId, saved.getName(),
                (int) members.stream().filter(Staff::isActive).count()), true);
        events.changed(saved);
        return saved;
    }

    /** Deletes a group; replicas get its last state marked deleted. Its members stay. */
    @Transactional
    public void delete(Caller caller, UUID id) {
        caller.require(ADMIN);
        StaffGroup group = find(caller, id);
        group.markDeleted();
        events.deleted(group);
        index.remove(group.getId());
        groups.delete(group);
    }

    private StaffGroup find(Caller caller, UUID id) {
        return groups.findByIdAndPracticeId(id, caller.practiceId())
                .orElseThrow(() -> ApiException.notFound("Group " + id));
    }
}
