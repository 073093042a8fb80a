package com.carerelay.directory.group.web;

import com.carerelay.directory.group.StaffGroup;
import java.util.List;
import java.util.UUID;

public record GroupView(UUID id, String name, List<UUID> memberIds) {

    public static GroupView of(StaffGroup group) {
        return new GroupView(group.getId(), group.getName(), group.getMemberIds());
    }
}
