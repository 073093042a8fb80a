package com.carerelay.messaging.message;

import com.carerelay.platform.security.Caller;
import com.carerelay.messaging.directory.DirectoryReplica;
import com.carerelay.messaging.directory.DirectoryReplica.Entry;
import com.carerelay.messaging.message.web.SendMessageRequest;
import com.carerelay.platform.web.ApiException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Turns a send request's recipients into the people who get a copy, from the local directory replica,
 * and enforces who may be messaged: staff need {@code message:send}; clients need
 * {@code message:send-client}, the practice's portal switch and a portal invitation; DIRECT needs
 * {@code message:send-direct}, the practice's DIRECT switch and the sender's valid DIRECT credentials.
 * Groups expand to their active members other than the sender; duplicates collapse (a person listed
 * directly wins over the same person reached through a group).
 */
@Component
public class RecipientResolver {

    static final String SEND_CLIENT = "message:send-client";
    static final String SEND_DIRECT = "message:send-direct";
    static final String INVALID_DIRECT_CREDENTIALS = "Your DIRECT address credentials are not valid. Ask a directory"
            + " admin to upload a current certificate and private key for your DIRECT address and validate them"
            + " (directory-service, DIRECT credentials).";

    /** One person who gets a copy, and the group that reached them, if any. */
    public record Resolved(Entry entry, UUID viaGroupId) {
    }

    private final DirectoryReplica directory;

    public RecipientResolver(DirectoryReplica directory) {
        this.directory = directory;
    }

    /** The same rules for a new message and a reply: a reply's recipients come here too. */
    public List<Resolved> resolve(Caller caller, DirectoryReplica.SendingContext context,
                                  SendMessageRequest.Recipients recipients) {
        if (recipients.isEmpty()) {
            throw ApiException.badField("recipients", "recipients: at least one recipient is required.");
        }
        if (recipients.toCareTeam() && caller.isStaff()) {
            throw ApiException.badField("recipients.careTeam", "recipients.careTeam: only clients write to their care team.");
        }
        UUID practiceId = caller.practiceId();
        DirectoryReplica.PracticeSettings practice = context.practice();
        Map<UUID, Resolved> resolved = new LinkedHashMap<>();

        Map<UUID, Entry> staff = known(practiceId, "staff", recipients.staff(), "recipients.staffIds", "staff member");
        for (int i = 0; i < recipients.staff().size(); i++) {
            Entry entry = staff.get(recipients.staff().get(i));
            requireActive(entry, "recipients.staffIds[" + i + "]");
            resolved.put(entry.id(), new Resolved(entry, null));
        }

        Map<UUID, Entry> groups = known(practiceId, "group", recipients.groups(), "recipients.groupIds", "staff group");
        Map<UUID, List<Entry>> members = directory.activeGroupMembers(practiceId, groups.keySet());
        for (int i = 0; i < recipients.groups().size(); i++) {
            UUID groupId = recipients.groups().get(i);
            List<Entry> active = members.getOrDefault(groupId, List.of());
            if (active.isEmpty()) {
                throw ApiException.badField("recipients.groupIds[" + i + "]", "recipients.groupIds[" + i + "]: the group "
                        + groups.get(groupId).displayName() + " has no active members.");
            }
            active.stream().filter(member -> !member.id().equals(caller.id()))
                    .forEach(member -> resolved.putIfAbsent(member.id(), new Resolved(member, groupId)));
        }

        if (!recipients.clients().isEmpty()) {
            Senders.requireCurrent(caller, context, SEND_CLIENT);
            if (!practice.portalMessaging()) {
                throw ApiException.forbidden("Client portal messaging is turned off for this practice.");
            }
            Map<UUID, Entry> clients = known(practiceId, "client", recipients.clients(), "recipients.clientIds", "client");
            for (int i = 0; i < recipients.clients().size(); i++) {
                Entry client = clients.get(recipients.clients().get(i));
                String field = "recipients.clientIds[" + i + "]";
                if ("revoked".equals(client.portalStatus())) {
                    throw ApiException.badField(field, field + ": " + client.displayName()
                            + "'s client portal access is revoked.");
                }
                if (!"invited".equals(client.portalStatus()) && !"active".equals(client.portalStatus())) {
                    throw ApiException.badField(field, field + ": " + client.displayName()
                            + " has not been invited to the client portal.");
                }
                resolved.put(client.id(), new Resolved(client, null));
            }
        }

        if (!recipients.directContacts().isEmpty() || !recipients.addresses().isEmpty()) {
            Senders.requireCurrent(caller, context, SEND_DIRECT);
            if (!practice.directMessaging()) {
                throw ApiException.forbidden("DIRECT messaging is turned off for this practice.");
            }
            boolean credentialsValid = context.sender().map(Entry::directCredentialsValid).orElse(false);
            if (!credentialsValid) {
                throw ApiException.forbidden(INVALID_DIRECT_CREDENTIALS);
            }
            Map<UUID, Entry> contacts = known(practiceId, "direct_contact", recipients.directContacts(),
                    "recipients.directContactIds", "DIRECT contact");
            for (int i = 0; i < recipients.directContacts().size(); i++) {
                Entry contact = contacts.get(recipients.directContacts().get(i));
                requireActive(contact, "recipients.directContactIds[" + i + "]");
                resolved.put(contact.id(), new Resolved(contact, null));
            }
            Map<String, Entry> byAddress = directory.directContactsByAddress(practiceId, recipients.addresses());
            for (int i = 0; i < recipients.addresses().size(); i++) {
                String address = recipients.addresses().get(i);
                Entry contact = byAddress.get(address.toLowerCase());
                String field = "recipients.directAddresses[" + i + "]";
                if (contact == null) {
                    throw ApiException.badField(field, field + ": no DIRECT contact with the address " + address
                            + "; add it to Contacts (with its certificate) first.");
                }
                requireActive(contact, field);
                resolved.put(contact.id(), new Resolved(contact, null));
            }
        }
        if (resolved.isEmpty()) {
            throw ApiException.badField("recipients", "recipients: no one to deliver to (the groups' only active"
                    + " member is you).");
        }
        return List.copyOf(resolved.values());
    }

    private Map<UUID, Entry> known(UUID practiceId, String kind, List<UUID> ids, String field, String what) {
        Map<UUID, Entry> found = directory.find(practiceId, kind, new LinkedHashSet<>(ids));
        for (int i = 0; i < ids.size(); i++) {
            if (!found.containsKey(ids.get(i))) {
                throw ApiException.badField(field + "[" + i + "]", field + "[" + i + "]: no " + what + " " + ids.get(i)
                        + " in this practice.");
            }
        }
        return found;
    }

    private static void requireActive(Entry entry, String field) {
        if (!entry.active()) {
            throw ApiException.badField(field, field + ": " + entry.displayName()
                    + " is inactive and cannot receive messages.");
        }
    }
}
