package com.carerelay.directory.staff;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A staff member of a practice; roles grant permissions. */
@Entity
@Table(name = "staff")
public class Staff {

    @Id
    private UUID id;
    private UUID practiceId;
    private String firstName;
    private String lastName;
    private String email;
    private boolean active;
    @JdbcTypeCode(SqlTypes.ARRAY)
    private String[] roles;
    private boolean emailNotifications;
    private String directAddress;
    private String directCertificatePem;
    private byte[] directPrivateKey;
    private boolean directCredentialsValid;
    private String directCredentialsProblem;
    private String directCredentialsReason;
    private Instant directCredentialsCheckedAt;
    private long version;

    protected Staff() {
    }

    public Staff(UUID id, UUID practiceId) {
        this.id = id;
        this.practiceId = practiceId;
        this.version = 0;
    }

    public void update(String firstName, String lastName, String email, boolean active, List<Role> roles,
                       boolean emailNotifications) {
        this.firstName = firstName;
        this.lastName = lastName;
        this.email = email;
        this.active = active;
        this.roles = roles.stream().map(Role::name).distinct().sorted().toArray(String[]::new);
        this.emailNotifications = emailNotifications;
        this.version++;
    }

    /** New DIRECT credentials: the address, the certificate chain (PEM) and the sealed private key, not yet checked. */
    public void replaceDirectCredentials(String address, String certificatePem, byte[] sealedPrivateKey) {
        this.directAddress = address;
        this.directCertificatePem = certificatePem;
        this.directPrivateKey = sealedPrivateKey;
        this.directCredentialsValid = false;
        this.directCredentialsProblem = null;
        this.directCredentialsReason = null;
        this.directCredentialsCheckedAt = null;
        this.version++;
    }

    /** The outcome of checking the DIRECT credentials. */
    public void directCredentialsChecked(boolean valid, String problem, String reason, Instant at) {
        this.directCredentialsValid = valid;
        this.directCredentialsProblem = problem;
        this.directCredentialsReason = reason;
        this.directCredentialsCheckedAt = at;
        this.version++;
    }

    public void removeDirectCredentials() {
        replaceDirectCredentials(null, null, null);
    }

    public boolean hasDirectCredentials() {
        return directCertificatePem != null;
    }

    public List<Role> roles() {
        return Arrays.stream(roles).map(Role::valueOf).toList();
    }

    public List<String> permissions() {
        return Role.permissionsOf(roles());
    }

    public String displayName() {
        return firstName + " " + lastName;
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

    public String getEmail() {
        return email;
    }

    public boolean isActive() {
        return active;
    }

    public boolean isEmailNotifications() {
        return emailNotifications;
    }

    public String getDirectAddress() {
        return directAddress;
    }

    public String getDirectCertificatePem() {
        return directCertificatePem;
    }

    public byte[] getDirectPrivateKey() {
        return directPrivateKey;
    }

    public boolean isDirectCredentialsValid() {
        return directCredentialsValid;
    }

    public String getDirectCredentialsProblem() {
        return directCredentialsProblem;
    }

    public String getDirectCredentialsReason() {
        return directCredentialsReason;
    }

    public Instant getDirectCredentialsCheckedAt() {
        return directCredentialsCheckedAt;
    }

    public long getVersion() {
        return version;
    }
}
