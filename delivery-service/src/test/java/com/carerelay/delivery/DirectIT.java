package com.carerelay.delivery;

import com.carerelay.testing.TestPki;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.carerelay.events.DeliveryStatusChanged.Channel;
import com.carerelay.events.EventEnvelope;
import com.carerelay.events.MessageContent;
import com.carerelay.events.MessageSent;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectIT extends DeliveryIntegrationTest {

    private static TestPki.Issued ca;
    private static TestPki.Issued senderIdentity;
    private static TestPki.Issued contactIdentity;

    @TempDir
    Path files;

    @BeforeAll
    static void givenATestCertificateAuthority() {
        ca = TestPki.TRUSTED_CA;
    }

    @Test
    void theMessageWithItsAttachmentsIsSignedThenEncryptedAndItsMdnsMoveItToDelivered() throws Exception {
        Scenario given = scenario("Riverbend Family Practice");
        byte[] labsPdf = "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] scan = new byte[300_000];
        new java.util.Random(7).nextBytes(scan);
        MessageContent.Attachment labs = DirectPeers.get().store(given.practiceId, "labs.pdf", "application/pdf", labsPdf);
        MessageContent.Attachment image = DirectPeers.get().store(given.practiceId, "scan.tiff", "image/tiff", scan);

        EventEnvelope.Outgoing sent = publishMessage(given.sender, List.of(given.contact), List.of(labs, image));

        MimeMessage relayed = await().atMost(Duration.ofSeconds(30))
                .until(() -> Hisp.get().receivedFor(given.contactAddress), received -> !received.isEmpty()).getFirst();
        assertThat(relayed.getHeader("Disposition-Notification-Options", null))
                .isEqualTo("X-DIRECT-FINAL-DESTINATION-DELIVERY=optional,true");
        assertThat(((InternetAddress) relayed.getFrom()[0]).getAddress()).isEqualTo(given.senderAddress);
        assertThat(relayed.getSubject()).as("the outer subject is neutral").isEqualTo("Secure message");
        assertThat(relayed.getContentType()).contains("application/pkcs7-mime").contains("enveloped-data");
        byte[] raw = raw(relayed);
        assertThat(new String(raw, StandardCharsets.UTF_8)).doesNotContain(BODY).doesNotContain(SUBJECT)
                .doesNotContain("Medication").doesNotContain("labs.pdf");
        assertThat(DirectPeers.get().servedFor(labs.attachmentId())).extracting(scope -> scope.messageId())
                .containsOnly(messageId(sent));

        Path message = Files.write(files.resolve("sent.eml"), raw);
        Path contactCertificate = Files.writeString(files.resolve("contact.pem"), contactIdentity().certificatePem());
        Path contactKey = Files.writeString(files.resolve("contact.key"), contactIdentity().privateKeyPkcs8Pem());
        Path caFile = Files.writeString(files.resolve("ca.pem"), ca.certificatePem());
        Path signed = files.resolve("signed.eml");
        Path content = files.resolve("content.eml");
        openssl("smime", "-decrypt", "-in", message.toString(), "-recip", contactCertificate.toString(),
                "-inkey", contactKey.toString(), "-out", signed.toString());
        String verification = openssl("smime", "-verify", "-in", signed.toString(), "-CAfile", caFile.toString(),
                "-out", content.toString());
        assertThat(verification).contains("Verification successful");
        String signer = openssl("smime", "-pk7out", "-in", signed.toString());
        assertThat(signer).contains("BEGIN PKCS7");

        MimeBodyPart wrapper = new MimeBodyPart(new ByteArrayInputStream(Files.readAllBytes(content)));
        assertThat(wrapper.getContentType()).as("RFC 5751 3.1: the whole message is protected").startsWith("message/rfc822");
        MimeMessage inner = new MimeMessage(Hisp.get().session(), wrapper.getInputStream());
        assertThat(inner.getSubject()).isEqualTo(SUBJECT);
        assertThat(((InternetAddress) inner.getFrom()[0]).getAddress()).isEqualTo(given.senderAddress);
        assertThat(inner.getMessageID()).isEqualTo(relayed.getMessageID());
        MimeMultipart parts = (MimeMultipart) inner.getContent();
        assertThat(parts.getCount()).isEqualTo(3);
        assertThat(((String) parts.getBodyPart(0).getContent()).trim()).isEqualTo(BODY);
        assertThat(parts.getBodyPart(1).getFileName()).isEqualTo("labs.pdf");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("application/pdf");
        assertThat(parts.getBodyPart(1).getInputStream().readAllBytes()).isEqualTo(labsPdf);
        assertThat(parts.getBodyPart(2).getFileName()).isEqualTo("scan.tiff");
        assertThat(parts.getBodyPart(2).getInputStream().readAllBytes()).isEqualTo(scan);

        await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(attempt(sent, given.contact.recipientId(),
                Channel.direct).get("status")));
        assertThat(attempt(sent, given.contact.recipientId(), Channel.direct).get("reason"))
                .isEqualTo("recipient's certificate checked against its CA's CRL: not revoked");
        String messageId = relayed.getMessageID();
        Hisp.get().deliverNotification(mdn(messageId, given.contactAddress, "processed"));
        await().atMost(Duration.ofSeconds(30)).until(() -> String.valueOf(attempt(sent, given.contact.recipientId(),
                Channel.direct).get("reason")).startsWith("MDN processed"));
        assertThat(attempt(sent, given.contact.recipientId(), Channel.direct).get("status")).as("not final yet")
                .isEqualTo("sent");

        Hisp.get().deliverNotification(mdn(messageId, given.contactAddress, "dispatched"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "delivered".equals(attempt(sent, given.contact.recipientId(),
                Channel.direct).get("status")));
        assertThat(statuses(sent.key(), Channel.direct).get(given.contact.recipientId()))
                .containsExactly("queued", "sent", "delivered");

        Hisp.get().deliverNotification(mdn(messageId, given.contactAddress, "failed"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Hisp.get().mailboxSize() == 0);
        assertThat(attempt(sent, given.contact.recipientId(), Channel.direct).get("status"))
                .as("a late notification changes nothing").isEqualTo("delivered");
        assertThat(Hisp.get().receivedFor(given.contactAddress)).hasSize(1);
    }

    @Test
    void aContactWhoseCertificateIsRevokedIsRefusedWhileAGoodOneIsSent() {
        Scenario given = scenario("Aspen Behavioral Health");
        String revokedAddress = "lee." + UUID.randomUUID().toString().substring(0, 8) + "@direct.elsewhere.test";
        TestPki.Issued revokedIdentity = TestPki.directIdentity(ca, revokedAddress, DirectPeers.get().crlUrl());
        DirectPeers.get().revoke(revokedIdentity.certificate());
        MessageSent.Recipient revoked = given.practice.directContact("Dr. Lee Chan", revokedAddress,
                revokedIdentity.certificatePem());

        EventEnvelope.Outgoing sent = publishMessage(given.sender, List.of(given.contact, revoked), List.of());

        await().atMost(Duration.ofSeconds(30)).until(() -> "failed".equals(attempt(sent, revoked.recipientId(),
                Channel.direct).get("status")));
        assertThat(attempt(sent, revoked.recipientId(), Channel.direct).get("reason"))
                .isEqualTo("the DIRECT contact's certificate is revoked (KEY_COMPROMISE) per its CA's CRL");
        await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(attempt(sent, given.contact.recipientId(),
                Channel.direct).get("status")));
        assertThat(attempt(sent, given.contact.recipientId(), Channel.direct).get("reason"))
                .isEqualTo("recipient's certificate checked against its CA's CRL: not revoked");
        assertThat(Hisp.get().receivedFor(given.contactAddress)).hasSize(1);
        assertThat(Hisp.get().receivedFor(revokedAddress)).isEmpty();
    }

    @Test
    void aCertificateWhoseCrlCannotBeDownloadedIsRetriedNotSent() {
        Scenario given = scenario("Willow Counseling");
        String address = "kim." + UUID.randomUUID().toString().substring(0, 8) + "@direct.elsewhere.test";
        MessageSent.Recipient unreachable = given.practice.directContact("Dr. Kim Ode", address, TestPki.directIdentity(ca,
                address, "http://127.0.0.1:" + closedPort() + "/ca.crl").certificatePem());

        EventEnvelope.Outgoing sent = publishMessage(given.sender, List.of(unreachable), List.of());

        await().atMost(Duration.ofSeconds(30)).until(() -> ((Number) attempt(sent, unreachable.recipientId(),
                Channel.direct).get("tries")).intValue() >= 2);
        Map<String, Object> attempt = attempt(sent, unreachable.recipientId(), Channel.direct);
        assertThat(attempt.get("status")).isIn("queued", "sending");
        assertThat(String.valueOf(attempt.get("reason"))).startsWith(
                "the DIRECT contact's certificate revocation list could not be downloaded: unreachable");
        assertThat(Hisp.get().receivedFor(address)).isEmpty();
    }

    @Test
    void whileMessagingServiceCannotServeAnAttachmentTheMessageIsRetriedThenSentWithIt() {
        Scenario given = scenario("Juniper Clinic");
        byte[] letter = "Referral letter\r\n".getBytes(StandardCharsets.US_ASCII);
        MessageContent.Attachment ref = DirectPeers.get().store(given.practiceId, "letter.txt", "text/plain", letter);
        DirectPeers.get().fail(ref.attachmentId(), 503);

        EventEnvelope.Outgoing sent = publishMessage(given.sender, List.of(given.contact), List.of(ref));

        await().atMost(Duration.ofSeconds(30)).until(() -> String.valueOf(attempt(sent, given.contact.recipientId(),
                Channel.direct).get("reason")).startsWith(
                "attachment 1 of 1 could not be fetched from messaging-service: HTTP 503; try "));
        assertThat(Hisp.get().receivedFor(given.contactAddress)).isEmpty();

        DirectPeers.get().recover(ref.attachmentId());
        await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(attempt(sent, given.contact.recipientId(),
                Channel.direct).get("status")));
        assertThat(Hisp.get().receivedFor(given.contactAddress)).hasSize(1);
        assertThat(DirectPeers.get().servedFor(ref.attachmentId())).hasSize(1);
    }

    @Test
    void anMdnThatIsUnsignedOrSignedOutsideTheTrustAnchorsChangesNoStatus() {
        Scenario given = scenario("Birch Counseling");
        EventEnvelope.Outgoing sent = publishMessage(given.sender, List.of(given.contact), List.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(attempt(sent, given.contact.recipientId(),
                Channel.direct).get("status")));
        String messageId = messageIdOf(given.contactAddress);
        TestPki.Issued impostor = TestPki.directIdentity(TestPki.UNTRUSTED_CA, "ada@direct.elsewhere.test");

        Hisp.get().deliverNotification(HispNotices.signed(HispNotices.unsignedMdn(messageId, given.contactAddress,
                "dispatched"), impostor));
        await().atMost(Duration.ofSeconds(30)).until(() -> String.valueOf(attempt(sent, given.contact.recipientId(),
                Channel.direct).get("reason")).startsWith("MDN dispatched ignored"));
        assertThat(attempt(sent, given.contact.recipientId(), Channel.direct).get("reason")).isEqualTo(
                "MDN dispatched ignored: signer's certificate does not chain to a DIRECT trust anchor or is not valid now");
        Hisp.get().deliverNotification(HispNotices.unsignedMdn(messageId, given.contactAddress, "failed"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "MDN failed ignored: not signed".equals(
                attempt(sent, given.contact.recipientId(), Channel.direct).get("reason")));
        assertThat(attempt(sent, given.contact.recipientId(), Channel.direct).get("status")).isEqualTo("sent");

        Hisp.get().deliverNotification(mdn(messageId, given.contactAddress, "dispatched"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "delivered".equals(attempt(sent, given.contact.recipientId(),
                Channel.direct).get("status")));
        assertThat(attempt(sent, given.contact.recipientId(), Channel.direct).get("reason")).isEqualTo(
                "MDN dispatched; signature verified against the DIRECT trust anchors (revocation not checked)");
        assertThat(statuses(sent.key(), Channel.direct).get(given.contact.recipientId()))
                .containsExactly("queued", "sent", "delivered");
    }

    @Test
    void withoutAFinalNotificationInTimeTheMessageFails() {
        Scenario given = scenario("Cedar Clinic");

        EventEnvelope.Outgoing sent = publishMessage(given.sender, List.of(given.contact), List.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> !Hisp.get().receivedFor(given.contactAddress).isEmpty());
        Hisp.get().deliverNotification(mdn(messageIdOf(given.contactAddress), given.contactAddress, "processed"));

        await().atMost(Duration.ofSeconds(30)).until(() -> "failed".equals(attempt(sent, given.contact.recipientId(),
                Channel.direct).get("status")));
        assertThat(attempt(sent, given.contact.recipientId(), Channel.direct).get("reason"))
                .isEqualTo("no final delivery notification (MDN dispatched) within " + DIRECT_FINAL_TIMEOUT);
        assertThat(statuses(sent.key(), Channel.direct).get(given.contact.recipientId()))
                .containsExactly("queued", "sent", "failed");
    }

    @Test
    void aDeliveryStatusNotificationOfFailureFailsTheMessage() throws Exception {
        Scenario given = scenario("Maple Counseling");

        EventEnvelope.Outgoing sent = publishMessage(given.sender, List.of(given.contact), List.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> !Hisp.get().receivedFor(given.contactAddress).isEmpty());
        Hisp.get().deliverNotification(HispNotices.dsn(messageIdOf(given.contactAddress), given.contactAddress));

        await().atMost(Duration.ofSeconds(30)).until(() -> "failed".equals(attempt(sent, given.contact.recipientId(),
                Channel.direct).get("status")));
        assertThat(attempt(sent, given.contact.recipientId(), Channel.direct).get("reason"))
                .isEqualTo("DSN: delivery failed (5.1.1)");
    }

    @Test
    void aPracticeWithoutDirectSendsNothing() {
        Practice practice = newPractice("No Direct Practice", false, null, List.of(), 1);
        Person sender = practice.directSender("Dana", "Reyes", "dana." + UUID.randomUUID() + "@direct.example.test",
                senderIdentity());
        MessageSent.Recipient contact = practice.directContact("Dr. Ada Park", "ada@direct.elsewhere.test",
                contactIdentity().certificatePem());
        int before = Hisp.get().receivedCount();

        EventEnvelope.Outgoing sent = publishMessage(sender, List.of(contact), List.of());
        awaitHandled(sent);

        assertThat(attempt(sent, contact.recipientId(), Channel.direct).get("status")).isEqualTo("failed");
        assertThat(attempt(sent, contact.recipientId(), Channel.direct).get("reason"))
                .isEqualTo("DIRECT messaging is not enabled for this practice");
        assertThat(Hisp.get().receivedCount()).isEqualTo(before);
    }

    private record Scenario(Practice practice, UUID practiceId, Person sender, String senderAddress,
                            MessageSent.Recipient contact, String contactAddress) {
    }

    private Scenario scenario(String practiceName) {
        Practice practice = newPractice(practiceName, true, null, List.of(), 1);
        String senderAddress = "dana." + UUID.randomUUID().toString().substring(0, 8) + "@direct.riverbend.test";
        String contactAddress = "ada." + UUID.randomUUID().toString().substring(0, 8) + "@direct.elsewhere.test";
        Person sender = practice.directSender("Dana", "Reyes", senderAddress, senderIdentity());
        MessageSent.Recipient contact = practice.directContact("Dr. Ada Park", contactAddress,
                contactIdentity().certificatePem());
        return new Scenario(practice, practice.id, sender, senderAddress, contact, contactAddress);
    }

    private static synchronized TestPki.Issued senderIdentity() {
        if (senderIdentity == null) {
            senderIdentity = TestPki.directIdentity(ca, "dana@direct.riverbend.test");
        }
        return senderIdentity;
    }

    private static synchronized TestPki.Issued contactIdentity() {
        if (contactIdentity == null) {
            contactIdentity = TestPki.directIdentity(ca, "ada@direct.elsewhere.test", DirectPeers.get().crlUrl());
        }
        return contactIdentity;
    }

    private static int closedPort() {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String messageIdOf(String contactAddress) {
        try {
            return Hisp.get().receivedFor(contactAddress).getFirst().getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An MDN signed by the contact, as their HISP sends it. */
    private static MimeMessage mdn(String originalMessageId, String from, String disposition) {
        return HispNotices.signed(HispNotices.unsignedMdn(originalMessageId, from, disposition), contactIdentity());
    }

    private static byte[] raw(MimeMessage message) throws IOException, MessagingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    /** Runs the openssl command line on this machine; answers stdout and stderr, failing on a non-zero exit. */
    private static String openssl(String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
        return output;
    }
}
