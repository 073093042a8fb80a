package com.carerelay.directory.config;

import com.carerelay.directory.client.Client;
import com.carerelay.directory.group.StaffGroup;
import com.carerelay.directory.practice.Practice;
import com.carerelay.directory.staff.Staff;
import com.carerelay.events.DirectoryChanged;
import com.carerelay.events.EventEnvelope;
import com.carerelay.events.Topics;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/** Turns each changed entity into its DirectoryChanged (latest state) in the outbox, in the caller's transaction. */
@Component
public class DirectoryEvents {

    private final OutboxWriter outbox;

    public DirectoryEvents(OutboxWriter outbox) {
        this.outbox = outbox;
    }

    public void changed(Practice practice) {
        publish(new DirectoryChanged(practice.getId(), DirectoryChanged.EntityKind.practice, practice.getId(),
                practice.getVersion(), false, Instant.now(), new DirectoryChanged.Practice(practice.getName(),
                practice.getSenderEmail(), practice.isPortalMessagingEnabled(), practice.isDirectMessagingEnabled()),
                null, null, null));
    }

    public void changed(Staff staff) {
        publish(new DirectoryChanged(staff.getId(), DirectoryChanged.EntityKind.staff, staff.getPracticeId(),
                staff.getVersion(), false, Instant.now(), null, new DirectoryChanged.Staff(staff.getFirstName(),
                staff.getLastName(), staff.getEmail(), staff.isActive(), staff.permissions(),
                staff.isEmailNotifications()), null, null));
    }

    public void changed(Client client) {
        publish(new DirectoryChanged(client.getId(), DirectoryChanged.EntityKind.client, client.getPracticeId(),
                client.getVersion(), false, Instant.now(), null, null, new DirectoryChanged.Client(client.getFirstName(),
                client.getLastName(), client.getPreferredName(), client.getEmail(), client.getPortalStatus(),
                client.isEmailNotifications(), client.isPushNotifications()), null));
    }

    public void changed(StaffGroup group) {
        publish(new DirectoryChanged(group.getId(), DirectoryChanged.EntityKind.group, group.getPracticeId(),
                group.getVersion(), false, Instant.now(), null, null, null,
                new DirectoryChanged.Group(group.getName(), group.getMemberIds())));
    }

    private void publish(DirectoryChanged change) {
        outbox.append(List.of(EventEnvelope.wrap(Topics.DIRECTORY, change.entityId().toString(), EventsConfig.SOURCE,
                change.entityId().toString(), DirectoryChanged.TYPE, change)));
    }
}
