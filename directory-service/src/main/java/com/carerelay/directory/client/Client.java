package com.carerelay.directory.client;

import com.carerelay.events.DirectoryChanged.PortalStatus;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
    @ElementCollection
    @CollectionTable(name = "client_push_subscription", joinColumns = @JoinColumn(name = "client_id"))
    private Set<PushSubscription> pushSubscriptions = new LinkedHashSet<>();

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

    public void changePortalStatus(PortalStatus status) {
        this.portalStatus = status;
        this.version++;
    }

    public void changePreferences(boolean emailNotifications, boolean pushNotifications) {
        this.emailNotifications = emailNotifications;
        this.pushNotifications = pushNotifications;
        this.version++;
    }

    /** The client's push subscriptions, oldest first. */
    public List<PushSubscription> pushSubscriptions() {
        List<PushSubscription> subscriptions = new ArrayList<>(pushSubscriptions);
        subscriptions.sort(Comparator.comparing(PushSubscription::getCreatedAt).thenComparing(PushSubscription::getEndpoint));
        return subscriptions;
    }

    public Optional<PushSubscription> pushSubscription(UUID subscriptionId) {
        return pushSubscriptions.stream().filter(subscription -> subscription.getId().equals(subscriptionId)).findFirst();
    }

    /** Adds a subscription, replacing one with the same endpoint (a browser that subscribed again). */
    public PushSubscription subscribe(PushSubscription subscription) {
        pushSubscriptions.removeIf(existing -> existing.getEndpoint().equals(subscription.getEndpoint()));
        pushSubscriptions.add(subscription);
        this.version++;
        return subscription;
    }

    public void unsubscribe(PushSubscription subscription) {
        pushSubscriptions.remove(subscription);
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
