package com.carerelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.carerelay.events.DirectoryChanged;
import com.carerelay.events.EventEnvelope;
import com.carerelay.events.PrincipalKind;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DirectoryReplicaIT extends DeliveryIntegrationTest {

    @Test
    void anOlderVersionNeverOverwritesANewerOneAndPreferencesApplyAtDeliveryTime() {
        Practice practice = newPractice("Cedar Clinic");
        Person dana = practice.staff("Dana", "Reyes", false);
        UUID samId = UUID.randomUUID();
        String address = "sam." + samId.toString().substring(0, 8) + "@example.test";
        publishStaff(samId, practice.id, 2, address, true, false);
        awaitVersion(samId, 2);
        awaitHandled(publishStaff(samId, practice.id, 1, address, false, false)); // late, stale: ignored
        assertThat(jdbc.queryForObject("select version from directory_entry where id = ?", Long.class, samId)).isEqualTo(2);

        Person sam = new Person(samId, practice.id, PrincipalKind.staff, "Sam Okafor", address);
        publishMessage(dana, sam);
        await().atMost(Duration.ofSeconds(30)).until(() -> mailTo(address).size() == 1);

        publishStaff(samId, practice.id, 3, address, true, true); // deleted: no more e-mail notices
        awaitVersion(samId, 3);
        EventEnvelope.Outgoing afterDeletion = publishMessage(dana, sam);
        awaitHandled(afterDeletion);
        assertThat(jdbc.queryForList("select channel from delivery_attempt where message_id = ?", String.class,
                messageId(afterDeletion))).containsExactly("in_app");
        assertThat(mailTo(address)).hasSize(1);
    }

    @Test
    void aPracticeWithoutASenderAddressSendsFromTheDefaultAddressWithoutItsName() throws Exception {
        UUID practiceId = UUID.randomUUID();
        publishDirectory(DirectoryChanged.ofPractice(practiceId, 1,
                new DirectoryChanged.Practice("Maple Counseling", null, true, false)));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                jdbc.queryForObject("select count(*) from practice where id = ?", Long.class, practiceId) == 1);
        UUID danaId = UUID.randomUUID();
        UUID caseyId = UUID.randomUUID();
        String address = "casey." + caseyId.toString().substring(0, 8) + "@example.test";
        publishDirectory(DirectoryChanged.ofClient(caseyId, practiceId, 1, new DirectoryChanged.Client("Casey", "Lin",
                null, address, DirectoryChanged.PortalStatus.invited, true, false)));
        awaitVersion(caseyId, 1);

        publishMessage(new Person(danaId, practiceId, PrincipalKind.staff, "Dana Reyes", null),
                new Person(caseyId, practiceId, PrincipalKind.client, "Casey Lin", address));

        MimeMessage mail = await().atMost(Duration.ofSeconds(30)).until(() -> mailTo(address), received -> !received.isEmpty())
                .getFirst();
        InternetAddress from = (InternetAddress) mail.getFrom()[0];
        assertThat(from.getAddress()).isEqualTo("no-reply@carerelay.example");
        assertThat(from.getPersonal()).isNull();
        assertThat(mail.getSubject()).isEqualTo("You have a new secure message");
    }

    private EventEnvelope.Outgoing publishStaff(UUID staffId, UUID practiceId, long version, String email, boolean emailNotices,
                              boolean deleted) {
        DirectoryChanged.Staff staff = new DirectoryChanged.Staff("Sam", "Okafor", email, true, List.of(), emailNotices);
        return publishDirectory(new DirectoryChanged(staffId, DirectoryChanged.EntityKind.staff, practiceId, version, deleted,
                Instant.now(), null, staff, null, null));
    }

    private void awaitVersion(UUID id, long version) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from directory_entry where id = ? and version = ?", Long.class, id, version) == 1);
    }
}
