package com.carerelay.delivery;

import com.carerelay.testing.TestPki;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** The delivery notifications a recipient's HISP sends back to the practice's mailbox: MDNs (signed or not) and DSNs. */
final class HispNotices {

    private HispNotices() {
    }

    /** An MDN (RFC 8098) as the recipient's HISP sends it back to the practice's notification mailbox, unsigned. */
    static MimeMessage unsignedMdn(String originalMessageId, String from, String disposition) {
        String fields = "Reporting-UA: hisp.elsewhere.test; CareRelay test HISP\r\n"
                + "Final-Recipient: rfc822;" + from + "\r\n"
                + "Original-Message-ID: " + originalMessageId + "\r\n"
                + "Disposition: automatic-action/MDN-sent-automatically;" + disposition + "\r\n";
        return report("disposition-notification", "message/disposition-notification", fields, from,
                "Your message was " + disposition + ".", null);
    }

    /** A DSN (RFC 3464) saying the final recipient's mailbox does not exist. */
    static MimeMessage dsn(String originalMessageId, String recipient) {
        String fields = "Reporting-MTA: dns; hisp.elsewhere.test\r\n\r\n"
                + "Final-Recipient: rfc822;" + recipient + "\r\n"
                + "Action: failed\r\n"
                + "Status: 5.1.1\r\n"
                + "Diagnostic-Code: smtp; 550 5.1.1 mailbox unavailable\r\n";
        String originalHeaders = "Message-ID: " + originalMessageId + "\r\nTo: " + recipient + "\r\n";
        return report("delivery-status", "message/delivery-status", fields, "mailer-daemon@hisp.elsewhere.test",
                "Delivery failed.", originalHeaders);
    }

    private static MimeMessage report(String reportType, String partType, String fields, String from, String text,
                                      String originalHeaders) {
        try {
            MimeMultipart report = new MimeMultipart("report; report-type=" + reportType);
            MimeBodyPart human = new MimeBodyPart();
            human.setText(text);
            report.addBodyPart(human);
            report.addBodyPart(rawPart(partType, fields));
            if (originalHeaders != null) {
                report.addBodyPart(rawPart("text/rfc822-headers", originalHeaders));
            }
            MimeMessage message = new MimeMessage(Hisp.get().session());
            message.setFrom(new InternetAddress(from));
            message.setRecipients(MimeMessage.RecipientType.TO, Hisp.MDN_MAILBOX);
            message.setSubject("Delivery report");
            message.setContent(report);
            message.saveChanges();
            return message;
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The notification as a signing HISP sends it: its report, byte for byte, as the first part of an
     * S/MIME multipart/signed (detached CMS signature by {@code signer}, certificate carried along).
     * Written by hand and sent without JavaMail rewriting it, so the signed bytes arrive unchanged.
     */
    static MimeMessage signed(MimeMessage notification, TestPki.Issued signer) {
        try {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            notification.getDataHandler().writeTo(body);
            byte[] content = ("Content-Type: " + notification.getContentType() + "\r\n\r\n" + body.toString(
                    StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            String algorithm = "EC".equals(signer.keys().getPrivate().getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
            generator.addSignerInfoGenerator(new JcaSimpleSignerInfoGeneratorBuilder().setProvider(new BouncyCastleProvider())
                    .build(algorithm, signer.keys().getPrivate(), signer.certificate()));
            generator.addCertificates(new JcaCertStore(List.of(signer.certificate())));
            String signature = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(
                    generator.generate(new CMSProcessableByteArray(content), false).getEncoded());
            String raw = "From: " + notification.getFrom()[0] + "\r\n"
                    + "To: " + Hisp.MDN_MAILBOX + "\r\n"
                    + "Subject: Delivery report\r\n"
                    + "Message-ID: <" + UUID.randomUUID() + "@hisp.elsewhere.test>\r\n"
                    + "MIME-Version: 1.0\r\n"
                    + "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=sha-256;"
                    + " boundary=\"signed-boundary\"\r\n\r\n"
                    + "--signed-boundary\r\n" + new String(content, StandardCharsets.US_ASCII) + "\r\n"
                    + "--signed-boundary\r\n"
                    + "Content-Type: application/pkcs7-signature; name=smime.p7s\r\n"
                    + "Content-Transfer-Encoding: base64\r\n\r\n" + signature + "\r\n"
                    + "--signed-boundary--\r\n";
            return new MimeMessage(Hisp.get().session(), new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static MimeBodyPart rawPart(String type, String content) throws MessagingException {
        InternetHeaders headers = new InternetHeaders();
        headers.addHeader("Content-Type", type);
        headers.addHeader("Content-Transfer-Encoding", "7bit");
        return new MimeBodyPart(headers, content.getBytes(StandardCharsets.US_ASCII));
    }
}
