package com.carerelay.delivery.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import com.carerelay.delivery.attempt.DeliveryAttempt;
import com.carerelay.delivery.directory.DirectoryReplica;
import com.carerelay.events.Actor;
import com.carerelay.events.DeliveryStatusChanged.Channel;
import com.carerelay.events.DeliveryStatusChanged.Status;
import com.carerelay.events.DirectoryChanged.PortalStatus;
import com.carerelay.events.EventEnvelope;
import com.carerelay.events.MessageSent;
import com.carerelay.events.PrincipalKind;
import com.carerelay.events.Samples;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageFanOutTest {

    private final UUID practice = UUID.randomUUID();
    private final MessageSent message = new MessageSent(UUID.randomUUID(), practice, UUID.randomUUID(),
            new Actor(UUID.randomUUID(), PrincipalKind.staff, "Dana Reyes"), "c2VhbGVk", "0".repeat(64), Instant.now(),
            List.of(), 0);

    @Test
    void staffGetAnInAppNoticeAndAnEmailNoticeOnlyWhenTheyAskedForIt() {
        MessageSent.Recipient sam = recipient(PrincipalKind.staff);

        assertThat(channels(MessageFanOut.route(message, sam, entry(sam, true, true, null))))
                .containsExactly("in_app:delivered", "email:queued");
        assertThat(channels(MessageFanOut.route(message, sam, entry(sam, false, true, null))))
                .containsExactly("in_app:delivered");
        assertThat(channels(MessageFanOut.route(message, sam, entry(sam, true, false, null))))
                .as("inactive staff").containsExactly("in_app:delivered");
        assertThat(channels(MessageFanOut.route(message, sam, null)))
                .as("not in the replica yet").containsExactly("in_app:delivered");
    }

    @Test
    void clientsGetAnEmailNoticeOnlyWhileInvitedToThePortal() {
        MessageSent.Recipient casey = recipient(PrincipalKind.client);

        assertThat(channels(MessageFanOut.route(message, casey, entry(casey, true, true, PortalStatus.active))))
                .containsExactly("in_app:delivered", "email:queued");
        assertThat(channels(MessageFanOut.route(message, casey, entry(casey, true, true, PortalStatus.revoked))))
                .containsExactly("in_app:delivered");
    }

    @Test
    void theEmailNoticeGoesToTheAddressInTheReplica() {
        MessageSent.Recipient casey = recipient(PrincipalKind.client);
        DeliveryAttempt email = MessageFanOut.route(message, casey, entry(casey, true, true, PortalStatus.invited)).get(1);

        assertThat(email.destination()).isEqualTo(casey.recipientId() + "@example.test");
        assertThat(email.senderId()).isEqualTo(message.sender().id());
    }

    @Test
    void aReplicaEntryFromAnotherPracticeIsNotUsed() {
        MessageSent.Recipient sam = recipient(PrincipalKind.staff);
        DirectoryReplica.Entry elsewhere = new DirectoryReplica.Entry(sam.recipientId(), UUID.randomUUID(),
                PrincipalKind.staff, "Sam", "sam@example.test", true, null, true, false);

        assertThat(channels(MessageFanOut.route(message, sam, elsewhere))).containsExactly("in_app:delivered");
    }

    @Test
    void aRecipientNoChannelReachesFailsWithTheReason() {
        List<DeliveryAttempt> routed = MessageFanOut.route(message, recipient(PrincipalKind.system), null);

        assertThat(channels(routed)).containsExactly("in_app:failed");
        assertThat(routed.getFirst().reason()).isEqualTo(MessageFanOut.NO_CHANNEL);
    }

    @Test
    void clientsGetPushOnlyWithTheirConsentAndALiveSubscription() {
        MessageSent.Recipient casey = recipient(PrincipalKind.client);

        assertThat(channels(MessageFanOut.route(message, casey, client(casey, true, 2, PortalStatus.active))))
                .containsExactly("in_app:delivered", "push:queued");
        assertThat(channels(MessageFanOut.route(message, casey, client(casey, false, 2, PortalStatus.active))))
                .as("push turned off").containsExactly("in_app:delivered");
        assertThat(channels(MessageFanOut.route(message, casey, client(casey, true, 0, PortalStatus.active))))
                .as("every subscription gone").containsExactly("in_app:delivered");
        assertThat(channels(MessageFanOut.route(message, casey, client(casey, true, 1, PortalStatus.revoked))))
                .as("portal revoked").containsExactly("in_app:delivered");
    }

    @Test
    void clientMessagesGoToThePracticesActiveWebhookButStaffMessagesDoNot() {
        MessageSent.Recipient casey = recipient(PrincipalKind.client);
        MessageSent.Recipient sam = recipient(PrincipalKind.staff);
        DirectoryReplica.PracticeInfo withWebhook = practice(false, "https://portal.example/hooks", false);

        List<DeliveryAttempt> routed = MessageFanOut.route(message, casey, null, withWebhook, null);
        assertThat(channels(routed)).containsExactly("in_app:delivered", "webhook:queued");
        assertThat(routed.get(1).destination()).isEqualTo("https://portal.example/hooks");
        assertThat(channels(MessageFanOut.route(message, sam, null, withWebhook, null))).containsExactly("in_app:delivered");
        assertThat(channels(MessageFanOut.route(message, casey, null, practice(false, "https://portal.example/hooks", true),
                null))).as("disabled after a 410").containsExactly("in_app:delivered");
    }

    @Test
    void directContactsGetDirectOnlyWhenThePracticeAllowsItAndTheContactIsActive() {
        MessageSent.Recipient contact = new MessageSent.Recipient(UUID.randomUUID(), PrincipalKind.direct_contact,
                "Dr. Ada Park", null, "ada@direct.elsewhere.example", null);
        DirectoryReplica.Contact active = new DirectoryReplica.Contact(contact.recipientId(), practice, "Dr. Ada Park",
                "old@direct.elsewhere.example", "PEM", true);

        List<DeliveryAttempt> routed = MessageFanOut.route(message, contact, null, practice(true, null, false), active);
        assertThat(channels(routed)).containsExactly("direct:queued");
        assertThat(routed.getFirst().destination()).as("the address the message was sent to")
                .isEqualTo("ada@direct.elsewhere.example");
        List<DeliveryAttempt> switchedOff = MessageFanOut.route(message, contact, null, practice(false, null, false), active);
        assertThat(channels(switchedOff)).containsExactly("direct:failed");
        assertThat(switchedOff.getFirst().reason()).isEqualTo(MessageFanOut.DIRECT_OFF);
        DirectoryReplica.Contact inactive = new DirectoryReplica.Contact(contact.recipientId(), practice, "Dr. Ada Park",
                "ada@direct.elsewhere.example", "PEM", false);
        assertThat(MessageFanOut.route(message, contact, null, practice(true, null, false), inactive).getFirst().reason())
                .isEqualTo(MessageFanOut.NO_CONTACT);
    }

    private DirectoryReplica.PracticeInfo practice(boolean direct, String webhookUrl, boolean webhookDisabled) {
        return new DirectoryReplica.PracticeInfo(practice, "Riverbend", null, true, direct, webhookUrl,
                webhookUrl == null ? List.of() : List.of("whsec_c2VjcmV0"), webhookDisabled);
    }

    private DirectoryReplica.Entry client(MessageSent.Recipient recipient, boolean push, int subscriptions,
                                          PortalStatus portal) {
        return new DirectoryReplica.Entry(recipient.recipientId(), practice, PrincipalKind.client, "Casey", null, true,
                portal, false, push, subscriptions);
    }

    @Test
    void routesTheCheckedInSampleEvent() {
        EventEnvelope.Incoming incoming = new EventEnvelope.Incoming("1", MessageSent.TYPE, "/carerelay/messaging",
                null, Instant.now(), Samples.body(MessageSent.TYPE));
        MessageSent sample = incoming.payload(MessageSent.class);

        List<DeliveryAttempt> routed = MessageFanOut.route(sample, sample.recipients().getFirst(), null);

        assertThat(routed).singleElement().satisfies(attempt -> {
            assertThat(attempt.channel()).isEqualTo(Channel.in_app);
            assertThat(attempt.status()).isEqualTo(Status.delivered);
            assertThat(attempt.recipientName()).isEqualTo("Sam Okafor");
            assertThat(attempt.messageId()).isEqualTo(sample.messageId());
        });
    }

    private MessageSent.Recipient recipient(PrincipalKind kind) {
        return new MessageSent.Recipient(UUID.randomUUID(), kind, "Someone", null);
    }

    private DirectoryReplica.Entry entry(MessageSent.Recipient recipient, boolean emailNotices, boolean active,
                                         PortalStatus portal) {
        return new DirectoryReplica.Entry(recipient.recipientId(), practice, recipient.kind(), recipient.displayName(),
                recipient.recipientId() + "@example.test", active, portal, emailNotices, false);
    }

    private static List<String> channels(List<DeliveryAttempt> attempts) {
        return attempts.stream().map(attempt -> attempt.channel() + ":" + attempt.status()).toList();
    }
}
