package com.carerelay.directory.group;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** A named group of staff members (e.g. "Care Team") that can be messaged as one. */
@Entity
@Table(name = "staff_group")
public class StaffGroup {

    @Id
    private UUID id;
    private UUID practiceId;
    private String name;
    private long version;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "staff_group_member", joinColumns = @JoinColumn(name = "group_id"))
    @Column(name = "staff_id")
    private Set<UUID> memberIds = new LinkedHashSet<>();

    protected StaffGroup() {
    }

    public StaffGroup(UUID id, UUID practiceId) {
        this.id = id;
        this.practiceId = practiceId;
        this.version = 0;
    }

    public void update(String name, List<UUID> memberIds) {
        this.name = name;
        this.memberIds.clear();
        this.memberIds.addAll(memberIds);
        this.version++;
    }

    /** The version of the deletion event: one past the last published state. */
    public void markDeleted() {
        this.version++;
    }

    public UUID getId() {
        return id;
    }

    public UUID getPracticeId() {
        return practiceId;
    }

    public String getName() {
        return name;
    }

    public long getVersion() {
        return version;
    }

    public List<UUID> getMemberIds() {
        return List.copyOf(memberIds);
    }
}
