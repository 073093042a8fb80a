package com.carerelay.delivery;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The practice's HISP as the test sees it: a real SMTP relay (GreenMail) that accepts DIRECT
 * messages, and a real IMAP mailbox where the HISP leaves the MDNs and DSNs for the practice's
 * senders.
 */
final class Hisp {

    static final String MDN_MAILBOX = "direct-notices@hisp.test";
    static final String MDN_LOGIN = "direct-notices";
    static final String MDN_PASSWORD = "hisp-secret";

    private static final Hisp INSTANCE = new Hisp();

    private final GreenMail greenMail;

    private Hisp() {
        greenMail = new GreenMail(new ServerSetup[] {
                new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        greenMail.start();
        greenMail.setUser(MDN_MAILBOX, MDN_LOGIN, MDN_PASSWORD);
    }

    static Hisp get() {
        return INSTANCE;
    }

    int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    int imapPort() {
        return greenMail.getImap().getPort();
    }

    /** What the relay accepted for this address. */
    List<MimeMessage> receivedFor(String address) {
        return Arrays.stream(greenMail.getReceivedMessages()).filter(message -> {
            try {
                return message.getAllRecipients() != null && Arrays.stream(message.getAllRecipients())
                        .anyMatch(recipient -> recipient.toString().contains(address));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    int receivedCount() {
        return greenMail.getReceivedMessages().length;
    }

    /** Messages still in the notification mailbox. */
    int mailboxSize() {
        try {
            return greenMail.getUserManager().getUser(MDN_LOGIN) == null ? 0
                    : greenMail.getManagers().getImapHostManager().getInbox(greenMail.getUserManager().getUser(MDN_LOGIN))
                    .getMessageCount();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Delivers a notification into the mailbox over SMTP, the way the HISP would, as it is: not
     * re-saved, so a signed one arrives byte for byte.
     */
    void deliverNotification(MimeMessage notification) {
        try (Transport transport = session().getTransport("smtp")) {
            transport.connect();
            transport.sendMessage(notification, notification.getAllRecipients());
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    Session session() {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", Integer.toString(smtpPort()));
        return Session.getInstance(properties);
    }

    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
