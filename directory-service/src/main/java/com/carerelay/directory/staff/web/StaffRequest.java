package com.carerelay.directory.staff.web;

import com.carerelay.directory.staff.Role;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Create or replace a staff member. */
public record StaffRequest(
        @NotBlank @Size(max = 100) String firstName,
        @NotBlank @Size(max = 100) String lastName,
        @NotBlank @Email @Size(max = 254) String email,
        Boolean active,
        @NotEmpty List<@NotNull Role> roles,
        Boolean emailNotifications) {

    public boolean emailNotificationsOrDefault() {
        return Boolean.TRUE.equals(emailNotifications);
    }

    public boolean activeOrDefault() {
        return active == null || active;
    }
}
