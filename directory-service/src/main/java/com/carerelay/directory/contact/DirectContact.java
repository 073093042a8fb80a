package com.carerelay.directory.contact;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A DIRECT contact: a provider at another organization, with the certificate messages to them are encrypted for. */
@Entity
@Table(name = "direct_contact")
public class DirectContact {

    /** Active contacts can be messaged; inactive ones are kept but not offered. */
    public enum Status { active, inactive }

    @Id
    private UUID id;
    private UUID practiceId;
    private String name;
    private String organization;
    private String directAddress;
    private String certificatePem;
    private Instant certificateNotAfter;
    @Enumerated(EnumType.STRING)
    private Status status;
    private long version;

    protected DirectContact() {
    }

    public DirectContact(UUID id, UUID practiceId) {
        this.id = id;
        this.practiceId = practiceId;
        this.version = 0;
    }

    public void update(String name, String organization, String directAddress, String certificatePem,
                       Instant certificateNotAfter, Status status) {
        this.name = name;
        this.organization = organization;
        this.directAddress = directAddress;
        this.certificatePem = certificatePem;
        this.certificateNotAfter = certificateNotAfter;
        this.status = status;
        this.version++;
    }

    /** The version of the deletion event: one past the last published state. */
    public void markDeleted() {
        this.version++;
    }

    public boolean isActive() {
        return status == Status.active;
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

    public String getOrganization() {
        return organization;
    }

    public String getDirectAddress() {
        return directAddress;
    }

    public String getCertificatePem() {
        return certificatePem;
    }

    public Instant getCertificateNotAfter() {
        return certificateNotAfter;
    }

    public Status getStatus() {
        return status;
    }

    public long getVersion() {
        return version;
    }
}
