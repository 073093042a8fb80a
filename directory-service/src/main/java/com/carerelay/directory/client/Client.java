package com.carerelay.directory.client;

import com.carerelay.events.DirectoryChanged.PortalStatus;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** A client of a practice, reachable in the client portal once invited. */
@Entity
@Table(name = "client")
public class Client {

    @Id
    private UUID id;
    private UUID practiceId;
    private String firstName;
    private String lastName;
    private String preferredName;
    private String email;
    private String phone;
    private String timeZone;
    private String locale;
    @Enumerated(EnumType.STRING)
    private PortalStatus portalStatus;
    private boolean emailNotifications;
    private boolean pushNotifications;
    private long version;

    protected Client() {
    }

    public Client(UUID id, UUID practiceId) {
        this.id = id;
        this.practiceId = practiceId;
        this.version = 0;
    }

    public void update(String firstName, String lastName, String preferredName, String email, String phone,
                       String timeZone, String locale, PortalStatus portalStatus, boolean emailNotifications,
                       boolean pushNotifications) {
        this.firstName = firstName;
        this.lastName = lastName;
        this.preferredName = preferredName;
        this.email = email;
        this.phone = phone;
        this.timeZone = timeZone;
        this.locale = locale;
        this.portalStatus = portalStatus;
        this.emailNotifications = emailNotifications;
        this.pushNotifications = pushNotifications;
        this.version++;
    }

    public UUID getId() {
        return id;
    }

    public UUID getPracticeId() {
        return practiceId;
    }

    public String getFirstName() {
        return firstName;
    }

    public String getLastName() {
        return lastName;
    }

    public String getPreferredName() {
        return preferredName;
    }

    public String getEmail() {
        return email;
    }

    public String getPhone() {
        return phone;
    }

    public String getTimeZone() {
        return timeZone;
    }

    public String getLocale() {
        return locale;
    }

    public PortalStatus getPortalStatus() {
        return portalStatus;
    }

    public boolean isEmailNotifications() {
        return emailNotifications;
    }

    public boolean isPushNotifications() {
        return pushNotifications;
    }

    public long getVersion() {
        return version;
    }
}
