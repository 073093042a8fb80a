package com.carerelay.messaging.message.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The body of {@code POST /api/v1/messages}: a subject and body (which may use {@code {{variables}}}),
 * or a template id; recipients of any kind; attachments uploaded before. A client caller addresses
 * only {@code careTeam} or staff who have messaged them.
 */
public record SendMessageRequest(
        @Size(max = 200) String subject,
        @Size(max = 100_000) String body,
        @NotNull @Valid Recipients recipients,
        UUID templateId,
        @Size(max = 50) Map<String, @Size(max = 1000) String> variables,
        @Size(max = 20) List<@NotNull UUID> attachmentIds) {

    /** Who receives the message; duplicates collapse, groups expand to their active members. */
    public record Recipients(
            @Size(max = 10_000) List<@NotNull UUID> staffIds,
            @Size(max = 100) List<@NotNull UUID> groupIds,
            @Size(max = 10_000) List<@NotNull UUID> clientIds,
            @Size(max = 100) List<@NotNull UUID> directContactIds,
            @Size(max = 100) List<@NotBlank @Email String> directAddresses,
            Boolean careTeam) {

        public Recipients(List<UUID> staffIds) {
            this(staffIds, null, null, null, null, null);
        }

        public static Recipients ofStaff(List<UUID> staffIds) {
            return new Recipients(staffIds);
        }

        /** A client's message to their care team: every staff member who has messaged them. */
        public boolean toCareTeam() {
            return Boolean.TRUE.equals(careTeam);
        }

        public List<UUID> staff() {
            return staffIds == null ? List.of() : staffIds;
        }

        public List<UUID> groups() {
            return groupIds == null ? List.of() : groupIds;
        }

        public List<UUID> clients() {
            return clientIds == null ? List.of() : clientIds;
        }

        public List<UUID> directContacts() {
            return directContactIds == null ? List.of() : directContactIds;
        }

        public List<String> addresses() {
            return directAddresses == null ? List.of() : directAddresses;
        }

        public boolean isEmpty() {
            return staff().isEmpty() && groups().isEmpty() && clients().isEmpty() && directContacts().isEmpty()
                    && addresses().isEmpty() && !toCareTeam();
        }
    }

    public List<UUID> attachments() {
        return attachmentIds == null ? List.of() : attachmentIds;
    }
}
