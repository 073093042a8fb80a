package com.carerelay.directory.staff.web;

import com.carerelay.directory.staff.Role;
import com.carerelay.directory.staff.Staff;
import java.util.List;
import java.util.UUID;

public record StaffView(UUID id, String firstName, String lastName, String email, boolean active, List<Role> roles,
                        List<String> permissions, boolean emailNotifications, String directAddress,
                        boolean directCredentialsValid) {

    public static StaffView of(Staff staff) {
        return new StaffView(staff.getId(), staff.getFirstName(), staff.getLastName(), staff.getEmail(),
                staff.isActive(), staff.roles(), staff.permissions(), staff.isEmailNotifications(),
                staff.getDirectAddress(), staff.isDirectCredentialsValid());
    }
}
