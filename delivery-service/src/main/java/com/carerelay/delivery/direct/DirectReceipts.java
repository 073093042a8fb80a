package com.carerelay.delivery.direct;

import com.carerelay.delivery.attempt.DeliveryAttempt;
import com.carerelay.delivery.attempt.DeliveryAttempts;
import com.carerelay.delivery.attempt.DeliveryMetrics;
import com.carerelay.delivery.directory.DirectoryReplica;
import com.carerelay.events.Seal;
import com.carerelay.events.DeliveryStatusChanged.Channel;
import com.carerelay.events.DeliveryStatusChanged.Status;
import com.carerelay.events.PrincipalKind;
import jakarta.mail.Address;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.search.FlagTerm;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Settles sent DIRECT messages from their delivery notifications. The HISP returns MDNs and DSNs to
 * the sender's DIRECT address; this reads them from the configured mailbox (IMAP or POP3), decrypts
 * those that are encrypted to a sender's certificate, and matches each to the message by its
 * Message-ID: {@code processed} is noted (not final, as final-destination delivery was asked for),
 * {@code dispatched} makes the attempt {@code delivered}, {@code failed} (MDN or DSN) makes it
 * {@code failed}. An MDN changes a status only when its signature verifies against the DIRECT trust
 * anchors ({@link MdnSignatures}). A message with no final notification by its deadline fails. A notification about
 * an attempt already settled changes nothing. Matched notifications are deleted from the mailbox;
 * others are left there, read.
 */
public class DirectReceipts {

    private static final Logger log = LoggerFactory.getLogger(DirectReceipts.class);
    private static final String TRACKED = """
            select a.id, a.message_id, a.practice_id, a.sender_id, a.recipient_id, a.recipient_kind, a.recipient_name,
                a.status, a.reason, a.destination, a.message_sent_at, a.tries
            from direct_tracking t join delivery_attempt a on a.id = t.attempt_id""";
    private static final RowMapper<DeliveryAttempt> ATTEMPT = (row, i) -> new DeliveryAttempt(
            row.getObject("id", UUID.class), row.getObject("message_id", UUID.class),
            row.getObject("practice_id", UUID.class), row.getObject("sender_id", UUID.class),
            row.getObject("recipient_id", UUID.class), PrincipalKind.valueOf(row.getString("recipient_kind")),
            row.getString("recipient_name"), Channel.direct, Status.valueOf(row.getString("status")),
            row.getString("reason"), row.getString("destination"), row.getTimestamp("message_sent_at").toInstant(),
            row.getInt("tries"));

    /** Where notifications arrive; {@code host} empty means no mailbox is polled. */
    public record Mailbox(String protocol, String host, int port, String username, String password, String folder) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final DeliveryAttempts attempts;
    private final DeliveryMetrics metrics;
    private final DirectoryReplica directory;
    private final Seal seal;
    private final MdnSignatures signatures;
    private final Mailbox mailbox;
    private final Duration finalTimeout;

    public DirectReceipts(JdbcTemplate jdbc, TransactionTemplate transaction, DeliveryAttempts attempts,
                          DeliveryMetrics metrics, DirectoryReplica directory, Seal seal,
                          MdnSignatures signatures, Mailbox mailbox, Duration finalTimeout) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.attempts = attempts;
        this.metrics = metrics;
        this.directory = directory;
        this.seal = seal;
        this.signatures = signatures;
        this.mailbox = mailbox;
        this.finalTimeout = finalTimeout;
    }

    /**
     * Applies one notification; answers whether it matched a DIRECT message sent from here. An MDN
     * whose signature did not verify changes no status: the attempt history notes it was ignored, and
     * why. The signature check's outcome is part of the history either way.
     */
    public boolean apply(DirectReceipt receipt, MdnSignatures.Verdict signature) {
        if (receipt.isMdn() && !signature.verified()) {
            return noteIgnored(receipt, signature);
        }
        return apply(receipt.isMdn() ? receipt.withDetail(receipt.detail() + "; " + signature.note()) : receipt);
    }

    private boolean noteIgnored(DirectReceipt receipt, MdnSignatures.Verdict signature) {
        Boolean matched = transaction.execute(status -> {
            List<DeliveryAttempt> found = jdbc.query(TRACKED + " where t.smtp_message_id = ?", ATTEMPT,
                    receipt.originalMessageId());
            if (!found.isEmpty() && found.getFirst().status() == Status.sent) {
                attempts.note(found.getFirst(), receipt.detail() + " ignored: " + signature.note());
            }
            return !found.isEmpty();
        });
        return Boolean.TRUE.equals(matched);
    }

    private boolean apply(DirectReceipt receipt) {
        Boolean matched = transaction.execute(status -> {
            List<DeliveryAttempt> found = jdbc.query(TRACKED + " where t.smtp_message_id = ? for update of a", ATTEMPT,
                    receipt.originalMessageId());
            if (found.isEmpty()) {
                return false;
            }
            DeliveryAttempt attempt = found.getFirst();
            if (attempt.status() != Status.sent) {
                return true; // already settled (or being re-sent): a late or repeated notification changes nothing
            }
            switch (receipt.outcome()) {
                case processed -> {
                    jdbc.update("update direct_tracking set processed_at = coalesce(processed_at, now()) where attempt_id = ?",
                            attempt.id());
                    attempts.note(attempt, receipt.detail() + "; waiting for final delivery");
                }
                case dispatched, failed -> {
                    DeliveryAttempt settled = attempt.withStatus(
                            receipt.outcome() == DirectReceipt.Outcome.dispatched ? Status.delivered : Status.failed,
                            receipt.detail());
                    attempts.transition(List.of(new DeliveryAttempts.Transition(settled, null)));
                    jdbc.update("update direct_tracking set final_at = now() where attempt_id = ?", attempt.id());
                    afterCommit(() -> metrics.record(List.of(settled)));
                }
            }
            return true;
        });
        return Boolean.TRUE.equals(matched);
    }

    /** Fails sent DIRECT messages whose final notification did not come in time. */
    public int expireOverdue() {
        Integer expired = transaction.execute(status -> {
            List<DeliveryAttempt> overdue = jdbc.query(TRACKED + """
                     where t.final_at is null and t.final_deadline < now() and a.status = 'sent'
                    order by t.final_deadline limit 500 for update of t, a skip locked""", ATTEMPT);
            if (overdue.isEmpty()) {
                return 0;
            }
            String reason = "no final delivery notification (MDN dispatched) within " + human(finalTimeout);
            List<DeliveryAttempt> failed = overdue.stream().map(attempt -> attempt.withStatus(Status.failed, reason)).toList();
            attempts.transition(failed.stream().map(attempt -> new DeliveryAttempts.Transition(attempt, null)).toList());
            jdbc.update("update direct_tracking set final_at = now() where attempt_id = any (?)",
                    (Object) overdue.stream().map(DeliveryAttempt::id).toArray(UUID[]::new));
            afterCommit(() -> metrics.record(failed));
            return overdue.size();
        });
        return expired == null ? 0 : expired;
    }

    /** Reads new notifications from the mailbox and applies them. A mailbox that cannot be reached is tried next time. */
    public void pollMailbox() {
        if (mailbox.host() == null || mailbox.host().isBlank()) {
            return;
        }
        Properties properties = new Properties();
        properties.put("mail." + mailbox.protocol() + ".connectiontimeout", "5000");
        properties.put("mail." + mailbox.protocol() + ".timeout", "10000");
        Session session = Session.getInstance(properties);
        try (Store store = session.getStore(mailbox.protocol())) {
            store.connect(mailbox.host(), mailbox.port(), mailbox.username(), mailbox.password());
            Folder folder = store.getFolder(mailbox.folder());
            folder.open(Folder.READ_WRITE);
            try {
                Message[] unread = folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
                for (Message message : unread) {
                    // a local copy parsed from the raw bytes: a signature is checked over exactly what was signed
                    if (handle(new MimeMessage((MimeMessage) message))) {
                        message.setFlag(Flags.Flag.DELETED, true);
                    } else {
                        message.setFlag(Flags.Flag.SEEN, true);
                    }
                }
            } finally {
                folder.close(true);
            }
        } catch (MessagingException e) {
            log.warn("DIRECT notification mailbox not read: {}", e.toString());
        }
    }

    private boolean handle(MimeMessage message) {
        try {
            Unwrapped report = unwrap(message, message, MdnSignatures.Verdict.unsigned());
            DirectReceipt receipt = report == null ? null : DirectReceipt.parse(report.part());
            if (receipt == null) {
                log.info("A message in the DIRECT notification mailbox is not a delivery notification; left there");
                return false;
            }
            boolean matched = apply(receipt, report.signature());
            if (!matched) {
                log.info("A DIRECT delivery notification matches no message sent from here; left in the mailbox");
            }
            return matched;
        } catch (MessagingException | IOException | RuntimeException e) {
            log.warn("A DIRECT delivery notification could not be read: {}", e.toString());
            return false;
        }
    }

    /** The report inside a notification, and what its signature check found. */
    private record Unwrapped(Part part, MdnSignatures.Verdict signature) {
    }

    /**
     * The report inside a notification: HISPs sign MDNs and usually encrypt them to the original
     * sender, so an enveloped one is decrypted with the key of the staff member it is addressed to
     * and a signed one is verified ({@link MdnSignatures}) and unwrapped to its content.
     */
    private Unwrapped unwrap(MimeMessage message, Part part, MdnSignatures.Verdict signature)
            throws MessagingException, IOException {
        if (part.isMimeType("application/pkcs7-mime") || part.isMimeType("application/x-pkcs7-mime")) {
            Optional<DirectoryReplica.DirectSender> recipient = addressedSender(message);
            if (recipient.isEmpty()) {
                return null;
            }
            DirectoryReplica.DirectSender sender = recipient.get();
            return unwrap(message, DirectSmime.decrypt(part, DirectSmime.certificate(sender.certificatePem()),
                    DirectSmime.privateKey(seal.open(sender.privateKeySealed(), sender.id().toString()))), signature);
        }
        if (part.isMimeType("multipart/signed")) {
            MimeMultipart signed = (MimeMultipart) part.getContent();
            return unwrap(message, signed.getBodyPart(0), signatures.verify(signed));
        }
        return new Unwrapped(part, signature);
    }

    private Optional<DirectoryReplica.DirectSender> addressedSender(MimeMessage message) throws MessagingException {
        Address[] to = message.getAllRecipients();
        if (to == null) {
            return Optional.empty();
        }
        for (Address address : to) {
            if (address instanceof InternetAddress internet) {
                Optional<DirectoryReplica.DirectSender> sender = directory.directSenderByAddress(
                        internet.getAddress().toLowerCase(Locale.ROOT));
                if (sender.isPresent() && sender.get().privateKeySealed() != null && sender.get().certificatePem() != null) {
                    return sender;
                }
            }
        }
        return Optional.empty();
    }

    private static String human(Duration duration) {
        return duration.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    private static void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
