package com.carerelay.directory.config;

import com.carerelay.directory.client.Client;
import com.carerelay.directory.contact.DirectContact;
import com.carerelay.directory.group.StaffGroup;
import com.carerelay.directory.practice.Practice;
import com.carerelay.directory.staff.Staff;
import com.carerelay.events.Seal;
import com.carerelay.events.DirectoryChanged;
import com.carerelay.events.DirectoryChanged.EntityKind;
import com.carerelay.events.EventEnvelope;
import com.carerelay.events.Topics;
import com.carerelay.platform.outbox.OutboxWriter;
import java.time.Instant;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Turns each changed entity into its DirectoryChanged (latest state) in the outbox, in the caller's
 * transaction. A deletion is published as the last state with {@code deleted} set and a higher version,
 * so the compacted topic keeps it and replicas drop the entity.
 */
@Component
public class DirectoryEvents {

    private final OutboxWriter outbox;
    private final SecretBox box;
    private final Seal transit;

    public DirectoryEvents(OutboxWriter outbox, SecretBox box,
                           @Value("${carerelay.credentials.key}") String credentialsKey) {
        this.outbox = outbox;
        this.box = box;
        this.transit = new Seal(credentialsKey);
    }

    /**
     * A practice with its webhook endpoint, its notice settings and its active signing secrets (values,
     * newest first), each sealed with the transit key so that only delivery-service can open them.
     */
    public void changed(Practice practice, List<String> webhookSecrets) {
        String binding = DirectoryChanged.Practice.webhookSecretBinding(practice.getId());
        publish(new DirectoryChanged(practice.getId(), EntityKind.practice, practice.getId(), practice.getVersion(), false,
                Instant.now(), new DirectoryChanged.Practice(practice.getName(), practice.getSenderEmail(),
                practice.isPortalMessagingEnabled(), practice.isDirectMessagingEnabled(), practice.getWebhookUrl(),
                List.of(), webhookSecrets.stream().map(secret -> transit.seal(secret, binding)).toList(),
                practice.getNoticeSubject(), practice.getNoticeSenderName()), null, null, null, null));
    }

    public void changed(Staff staff) {
        publish(new DirectoryChanged(staff.getId(), EntityKind.staff, staff.getPracticeId(), staff.getVersion(), false,
                Instant.now(), null, new DirectoryChanged.Staff(staff.getFirstName(), staff.getLastName(),
                staff.getEmail(), staff.isActive(), staff.permissions(), staff.isEmailNotifications(),
                staff.getDirectAddress(), staff.isDirectCredentialsValid(),
                staff.isDirectCredentialsValid() ? staff.getDirectCertificatePem() : null,
                staff.isDirectCredentialsValid() ? sealedForTransit(staff) : null,
                staff.roles().stream().map(Enum::name).toList()), null, null, null));
    }

    /**
     * The signing key delivery-service needs to send DIRECT on the staff member's behalf: opened from
     * its at-rest box and sealed again with the transit key only directory- and delivery-service hold.
     */
    private String sealedForTransit(Staff staff) {
        if (staff.getDirectPrivateKey() == null) {
            return null;
        }
        String pem = box.openString(staff.getDirectPrivateKey(), staff.getId().toString());
        return transit.seal(pem, staff.getId().toString());
    }

    public void changed(Client client) {
        publish(new DirectoryChanged(client.getId(), EntityKind.client, client.getPracticeId(), client.getVersion(), false,
                Instant.now(), null, null, new DirectoryChanged.Client(client.getFirstName(), client.getLastName(),
                client.getPreferredName(), client.getEmail(), client.getPortalStatus(), client.isEmailNotifications(),
                client.isPushNotifications(), client.pushSubscriptions().stream()
                        .map(subscription -> new DirectoryChanged.PushSubscription(subscription.getEndpoint(),
                                subscription.getP256dh(), subscription.getAuth())).toList()), null, null));
    }

    public void changed(StaffGroup group) {
        publish(group(group, false));
    }

    /** The group's last state, marked deleted; {@code group.getVersion()} must already be past the last published one. */
    public void deleted(StaffGroup group) {
        publish(group(group, true));
    }

    public void changed(DirectContact contact) {
        publish(contact(contact, false));
    }

    /** The contact's last state, marked deleted; its version must already be past the last published one. */
    public void deleted(DirectContact contact) {
        publish(contact(contact, true));
    }

    private static DirectoryChanged group(StaffGroup group, boolean deleted) {
        return new DirectoryChanged(group.getId(), EntityKind.group, group.getPracticeId(), group.getVersion(), deleted,
                Instant.now(), null, null, null, new DirectoryChanged.Group(group.getName(), group.getMemberIds()), null);
    }

    private static DirectoryChanged contact(DirectContact contact, boolean deleted) {
        return new DirectoryChanged(contact.getId(), EntityKind.direct_contact, contact.getPracticeId(),
                contact.getVersion(), deleted, Instant.now(), null, null, null, null,
                new DirectoryChanged.DirectContact(contact.getName(), contact.getOrganization(),
                        contact.getDirectAddress(), contact.getCertificatePem(), contact.isActive()));
    }

    private void publish(DirectoryChanged change) {
        outbox.append(List.of(EventEnvelope.wrap(Topics.DIRECTORY, change.entityId().toString(), EventsConfig.SOURCE,
                change.entityId().toString(), DirectoryChanged.TYPE, change)));
    }
}
