package com.carerelay.messaging.message;

import com.carerelay.messaging.directory.DirectoryReplica;
import com.carerelay.messaging.message.web.SendMessageRequest;
import com.carerelay.platform.security.Caller;
import com.carerelay.platform.web.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Who may send, checked against the directory replica and not only the token: a staff member needs
 * {@code message:send} and must be active in the directory; a client needs the practice's portal
 * switch and a current portal invitation (revoked access is refused at once, within the replica's lag).
 * A client starts messages only to their care team: the staff members who have messaged them before.
 */
@Component
public class Senders {

    static final String SEND = "message:send";

    private static final String CARE_TEAM = "select distinct m.sender_id from message m"
            + " join message_recipient r on r.message_id = m.id"
            + " where m.practice_id = ? and r.recipient_id = ? and m.sender_kind = 'staff'";

    private final DirectoryReplica directory;
    private final JdbcTemplate jdbc;

    Senders(DirectoryReplica directory, JdbcTemplate jdbc) {
        this.directory = directory;
        this.jdbc = jdbc;
    }

    /** The sending context after checking the caller may send at all. */
    DirectoryReplica.SendingContext check(Caller caller) {
        DirectoryReplica.SendingContext context = directory.sendingContext(caller.practiceId(), caller.id());
        DirectoryReplica.Entry self = context.sender().orElse(null);
        if (caller.isStaff()) {
            caller.require(SEND);
            if (self == null || !self.active()) {
                throw ApiException.forbidden("Your staff account is not active in this practice's directory.");
            }
            requireCurrent(caller, context, SEND);
        } else {
            if (!context.practice().portalMessaging()) {
                throw ApiException.forbidden("Client portal messaging is turned off for this practice.");
            }
            if (self == null || !("invited".equals(self.portalStatus()) || "active".equals(self.portalStatus()))) {
                throw ApiException.forbidden("Your client portal access is not active.");
            }
        }
        return context;
    }

    /**
     * Refuses with 403 unless the caller may send a message at all: a staff member as {@link #check}
     * says; a client also needs someone to write to (a care team member who has messaged them), since
     * an upload exists only to go with a message (attachment uploads use it).
     */
    public void requireMaySend(Caller caller) {
        check(caller);
        if (!caller.isStaff() && jdbc.queryForList(CARE_TEAM + " limit 1", UUID.class, caller.practiceId(), caller.id())
                .isEmpty()) {
            throw ApiException.forbidden("No one from your care team has messaged you yet, so there is no message"
                    + " to attach a file to.");
        }
    }

    /**
     * Refuses with 403 naming the permission unless both the token and the directory replica grant it
     * to the staff member: a permission withdrawn in the directory stops working within the replica's
     * lag, not when the token expires.
     */
    static void requireCurrent(Caller caller, DirectoryReplica.SendingContext context, String permission) {
        caller.require(permission);
        if (caller.isStaff() && context.sender().map(self -> !self.grants(permission)).orElse(true)) {
            throw ApiException.forbidden("This requires the '" + permission + "' permission.");
        }
    }

    /**
     * What a client may address: {@code careTeam} (every staff member who has messaged them) and/or
     * staff ids among those; nothing else.
     */
    SendMessageRequest.Recipients clientRecipients(Caller caller, SendMessageRequest.Recipients requested) {
        if (!requested.groups().isEmpty() || !requested.clients().isEmpty() || !requested.directContacts().isEmpty()
                || !requested.addresses().isEmpty()) {
            throw ApiException.forbidden("Clients can message only their care team.");
        }
        Set<UUID> careTeam = new LinkedHashSet<>(jdbc.queryForList(CARE_TEAM, UUID.class, caller.practiceId(), caller.id()));
        Set<UUID> to = new LinkedHashSet<>();
        if (requested.toCareTeam()) {
            if (careTeam.isEmpty()) {
                throw ApiException.badField("recipients.careTeam", "recipients.careTeam: no one from your care team"
                        + " has messaged you yet, so there is no one to write to.");
            }
            to.addAll(careTeam);
        }
        for (int i = 0; i < requested.staff().size(); i++) {
            UUID staffId = requested.staff().get(i);
            if (!careTeam.contains(staffId)) {
                String field = "recipients.staffIds[" + i + "]";
                throw ApiException.badField(field, field + ": you can write only to staff who have messaged you.");
            }
            to.add(staffId);
        }
        if (to.isEmpty()) {
            throw ApiException.badField("recipients", "recipients: at least one recipient is required.");
        }
        return SendMessageRequest.Recipients.ofStaff(new ArrayList<>(to));
    }
}
