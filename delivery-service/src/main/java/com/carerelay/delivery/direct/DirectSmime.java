package com.carerelay.delivery.direct;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientId;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.mail.smime.SMIMEEnveloped;
import org.bouncycastle.mail.smime.SMIMEEnvelopedGenerator;
import org.bouncycastle.mail.smime.SMIMEException;
import org.bouncycastle.mail.smime.SMIMESignedGenerator;
import org.bouncycastle.mail.smime.SMIMEUtil;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * S/MIME for DIRECT (RFC 5751, Applicability Statement for Secure Health Transport): the whole message
 * (headers, text, attachments) is wrapped as message/rfc822, signed with the sender's certificate
 * (SHA-256, the certificate included), then the signed entity is encrypted to the recipient's
 * certificate (AES-256-CBC, RSA key transport).
 */
public final class DirectSmime {

    static {
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
    }

    /** The Subject outside the encryption: it says nothing about the message (the real one is inside). */
    public static final String OUTER_SUBJECT = "Secure message";

    /** The headers and parts of one outgoing DIRECT message. */
    public record Outgoing(String messageId, String from, String to, String subject, String body,
                           List<DirectAttachments.Fetched> attachments, Date sentDate) {
    }

    private DirectSmime() {
    }

    /**
     * Builds the signed-then-encrypted message, ready for the relay. What is signed and encrypted is the
     * whole message wrapped as {@code message/rfc822} (RFC 5751 section 3.1): its From, To, Date,
     * Message-ID and real Subject, the text and every attachment with its bytes. Outside, the same
     * addresses, date and Message-ID (the relay and MDNs need them) and the neutral {@link #OUTER_SUBJECT}.
     */
    public static MimeMessage build(Session session, Outgoing outgoing, X509Certificate signerCertificate,
                                    PrivateKey signerKey, X509Certificate recipientCertificate) {
        try {
            MimeBodyPart content = new MimeBodyPart();
            content.setContent(inner(session, outgoing), "message/rfc822");

            SMIMESignedGenerator signer = new SMIMESignedGenerator();
            String algorithm = "EC".equals(signerKey.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
            signer.addSignerInfoGenerator(new JcaSimpleSignerInfoGeneratorBuilder()
                    .setProvider(BouncyCastleProvider.PROVIDER_NAME).build(algorithm, signerKey, signerCertificate));
            signer.addCertificates(new JcaCertStore(List.of(signerCertificate)));
            MimeMultipart signed = signer.generate(content);
            MimeBodyPart signedPart = new MimeBodyPart();
            signedPart.setContent(signed);

            SMIMEEnvelopedGenerator encryptor = new SMIMEEnvelopedGenerator();
            encryptor.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(recipientCertificate)
                    .setProvider(BouncyCastleProvider.PROVIDER_NAME));
            MimeBodyPart encrypted = encryptor.generate(signedPart, new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC)
                    .setProvider(BouncyCastleProvider.PROVIDER_NAME).build());

            MimeMessage message = addressed(session, outgoing);
            message.setSubject(OUTER_SUBJECT, StandardCharsets.UTF_8.name());
            message.setSentDate(outgoing.sentDate());
            message.setHeader("Disposition-Notification-Options", "X-DIRECT-FINAL-DESTINATION-DELIVERY=optional,true");
            message.setHeader("Disposition-Notification-To", outgoing.from());
            message.setContent(encrypted.getContent(), encrypted.getContentType());
            message.saveChanges();
            return message;
        } catch (MessagingException | SMIMEException | OperatorCreationException | GeneralSecurityException | CMSException
                 | IOException e) {
            throw new IllegalStateException("could not build the DIRECT message: " + e.getMessage(), e);
        }
    }

    /** The protected message: real headers, the text, and each attachment as a base64 part with its bytes. */
    private static MimeMessage inner(Session session, Outgoing outgoing) throws MessagingException {
        MimeMessage inner = addressed(session, outgoing);
        inner.setSubject(outgoing.subject(), StandardCharsets.UTF_8.name());
        inner.setSentDate(outgoing.sentDate());
        if (outgoing.attachments().isEmpty()) {
            inner.setText(outgoing.body(), StandardCharsets.UTF_8.name());
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(outgoing.body(), StandardCharsets.UTF_8.name());
            mixed.addBodyPart(text);
            for (DirectAttachments.Fetched attachment : outgoing.attachments()) {
                MimeBodyPart part = new MimeBodyPart();
                part.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment.content(),
                        attachment.ref().mediaType())));
                part.setFileName(attachment.ref().fileName());
                part.setDisposition(Part.ATTACHMENT);
                part.setHeader("Content-Transfer-Encoding", "base64");
                mixed.addBodyPart(part);
            }
            inner.setContent(mixed);
        }
        inner.saveChanges();
        return inner;
    }

    /** A message from and to the DIRECT addresses under the attempt's stable Message-ID (MDNs and DSNs are matched by it). */
    private static MimeMessage addressed(Session session, Outgoing outgoing) throws MessagingException {
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", outgoing.messageId());
            }
        };
        message.setFrom(new InternetAddress(outgoing.from(), true));
        message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(outgoing.to(), true));
        return message;
    }

    /** Decrypts an enveloped S/MIME entity addressed to this certificate and key. */
    public static MimeBodyPart decrypt(Part enveloped, X509Certificate certificate, PrivateKey key) {
        try {
            SMIMEEnveloped smime = enveloped instanceof MimeMessage message ? new SMIMEEnveloped(message)
                    : new SMIMEEnveloped((MimeBodyPart) enveloped);
            RecipientInformation recipient = smime.getRecipientInfos().get(new JceKeyTransRecipientId(certificate));
            if (recipient == null) {
                throw new IllegalArgumentException("not encrypted to this certificate");
            }
            return SMIMEUtil.toMimeBodyPart(recipient.getContent(new JceKeyTransEnvelopedRecipient(key)
                    .setProvider(BouncyCastleProvider.PROVIDER_NAME)));
        } catch (MessagingException | CMSException | SMIMEException e) {
            throw new IllegalArgumentException("cannot decrypt: " + e.getMessage(), e);
        }
    }

    public static X509Certificate certificate(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object read = parser.readObject();
            if (!(read instanceof X509CertificateHolder holder)) {
                throw new IllegalArgumentException("not a PEM certificate");
            }
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("not a PEM certificate", e);
        }
    }

    /** A PKCS#8 (or traditional key pair) PEM private key. */
    public static PrivateKey privateKey(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object read = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (read instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (read instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            throw new IllegalArgumentException("not a PEM private key");
        } catch (IOException e) {
            throw new IllegalArgumentException("not a PEM private key", e);
        }
    }
}
