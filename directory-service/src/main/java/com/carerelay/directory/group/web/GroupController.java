package com.carerelay.directory.group.web;

import com.carerelay.platform.security.Caller;
import com.carerelay.directory.group.GroupService;
import com.carerelay.directory.web.PageView;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import com.carerelay.directory.staff.web.StaffView;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/groups")
public class GroupController {

    private final GroupService groups;

    public GroupController(GroupService groups) {
        this.groups = groups;
    }

    @GetMapping
    public PageView<GroupView> list(Caller caller, @RequestParam(defaultValue = "0") @Min(0) int page,
                                    @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return PageView.of(groups.list(caller, page, size), GroupView::of);
    }

    @GetMapping("/{id}")
    public GroupView get(Caller caller, @PathVariable UUID id) {
        return GroupView.of(groups.get(caller, id));
    }

    /** The group's active members, as a message to the group would reach them. */
    @GetMapping("/{id}/members")
    public List<StaffView> members(Caller caller, @PathVariable UUID id) {
        return groups.activeMembers(caller, id).stream().map(StaffView::of).toList();
    }

    @PostMapping
    public ResponseEntity<GroupView> create(Caller caller, @Valid @RequestBody GroupRequest request) {
        GroupView created = GroupView.of(groups.create(caller, request));
        return ResponseEntity.created(URI.create("/api/v1/groups/" + created.id())).body(created);
    }

    @PutMapping("/{id}")
    public GroupView update(Caller caller, @PathVariable UUID id, @Valid @RequestBody GroupRequest request) {
        return GroupView.of(groups.update(caller, id, request));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(Caller caller, @PathVariable UUID id) {
        groups.delete(caller, id);
        return ResponseEntity.noContent().build();
    }
}
