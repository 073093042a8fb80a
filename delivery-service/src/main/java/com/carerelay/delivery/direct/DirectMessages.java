package com.carerelay.delivery.direct;

import com.carerelay.delivery.attempt.AttemptWorker;
import com.carerelay.delivery.attempt.DeliveryAttempt;
import com.carerelay.delivery.attempt.DeliveryAttempts;
import com.carerelay.delivery.attempt.DeliveryMetrics;
import com.carerelay.delivery.directory.DirectoryReplica;
import com.carerelay.delivery.email.RetrySchedule;
import com.carerelay.delivery.email.SmtpFailure;
import com.carerelay.events.Seal;
import com.carerelay.events.DeliveryStatusChanged.Channel;
import com.carerelay.events.MessageContent;
import com.carerelay.events.MessageSent;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import jakarta.mail.internet.MimeMessage;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends DIRECT messages: for each contact, the message as rendered for them (stored with the
 * attempt) with its attachments' bytes (fetched from messaging-service on each try), signed with the
 * sender's DIRECT certificate and key (opened from the directory's sealed copy) and encrypted to the
 * contact's certificate once its revocation was checked, over SMTP to the HISP relay, asking for
 * final-destination delivery notification. Once the relay accepted it the attempt is {@code sent}
 * and tracked by its Message-ID until an MDN or DSN settles it ({@link DirectReceipts}) or the
 * final-notification deadline passes ({@code failed}). The relay has one circuit breaker; while it
 * is open nothing is claimed.
 */
public class DirectMessages extends AttemptWorker {

    private final DirectoryReplica directory;
    private final JavaMailSenderImpl relay;
    private final CircuitBreaker relayBreaker;
    private final Seal seal;
    private final DirectReceipts receipts;
    private final DirectAttachments attachments;
    private final RecipientRevocation revocation;
    private final Duration finalTimeout;
    private final Duration mailboxPoll;
    private final String messageIdDomain;
    private final long maxAttachmentBytes;
    private Instant nextHousekeeping = Instant.EPOCH;

    public DirectMessages(JdbcTemplate jdbc, TransactionTemplate transaction, DeliveryAttempts attempts,
                          RetrySchedule retries, DeliveryMetrics metrics, DirectProperties direct, DirectoryReplica directory,
                          JavaMailSenderImpl relay, CircuitBreaker relayBreaker, Seal seal,
                          DirectReceipts receipts, DirectAttachments attachments, RecipientRevocation revocation) {
        super(Channel.direct, jdbc, transaction, attempts, retries, metrics, direct.worker());
        this.directory = directory;
        this.relay = relay;
        this.relayBreaker = relayBreaker;
        this.seal = seal;
        this.receipts = receipts;
        this.attachments = attachments;
        this.revocation = revocation;
        this.finalTimeout = direct.finalTimeout();
        this.mailboxPoll = direct.mdnMailbox().poll();
        this.messageIdDomain = direct.messageIdDomain();
        this.maxAttachmentBytes = direct.attachments().maxTotalSize().toBytes();
    }

    /** The Message-ID a DIRECT attempt is sent (and re-sent) under. */
    public String messageId(UUID attemptId) {
        return "<" + attemptId + "@" + messageIdDomain + ">";
    }

    @Override
    protected boolean ready() {
        if (!relayBreaker.tryAcquirePermission()) {
            return false;
        }
        relayBreaker.releasePermission();
        return true;
    }

    @Override
    protected void housekeeping() {
        Instant now = Instant.now();
        if (now.isBefore(nextHousekeeping)) {
            return;
        }
        nextHousekeeping = now.plus(mailboxPoll);
        receipts.pollMailbox();
        receipts.expireOverdue();
    }

    @Override
    protected Map<UUID, Result> deliver(List<Claimed> claimed) {
        Map<UUID, DirectoryReplica.PracticeInfo> practices = directory.practices(
                claimed.stream().map(one -> one.attempt().practiceId()).collect(Collectors.toSet()));
        Map<UUID, DirectoryReplica.DirectSender> senders = directory.directSenders(
                claimed.stream().map(one -> one.attempt().senderId()).filter(id -> id != null).collect(Collectors.toSet()));
        Map<UUID, DirectoryReplica.Contact> contacts = directory.contacts(
                claimed.stream().map(one -> one.attempt().recipientId()).collect(Collectors.toSet()));
        Map<UUID, Result> results = new HashMap<>();
        Map<UUID, Ready> ready = new HashMap<>();
        for (Claimed one : claimed) {
            try {
                ready.put(one.attempt().id(), prepare(one, practices.get(one.attempt().practiceId()),
                        senders.get(one.attempt().senderId()), contacts.get(one.attempt().recipientId())));
            } catch (Refused refused) {
                results.put(one.attempt().id(), Result.failed(refused.getMessage()));
            }
        }
        results.putAll(eachInParallel(claimed.stream().filter(one -> ready.containsKey(one.attempt().id())).toList(),
                one -> sendOne(ready.get(one.attempt().id()))));
        return results;
    }

    /** A claimed attempt the directory allows: its stored content, the sender's certificate and key, the contact's certificate. */
    private record Ready(Claimed claimed, DirectContent content, String from, X509Certificate senderCertificate,
                         PrivateKey senderKey, X509Certificate contactCertificate) {
    }

    /**
     * One try: the contact's certificate must not be revoked ({@link RecipientRevocation}), the attachments
     * are fetched from messaging-service, then the message is signed, encrypted and handed to the relay.
     * The revocation outcome is the history's note on {@code sent}.
     */
    private Result sendOne(Ready ready) {
        RecipientRevocation.Verdict verdict = revocation.check(ready.contactCertificate());
        if (verdict.outcome() != RecipientRevocation.Verdict.Outcome.send) {
            return verdict.outcome() == RecipientRevocation.Verdict.Outcome.fail ? Result.failed(verdict.note())
                    : Result.retry(verdict.note());
        }
        DeliveryAttempt attempt = ready.claimed().attempt();
        DirectContent content = ready.content();
        List<DirectAttachments.Fetched> fetched;
        try {
            fetched = attachments.fetch(attempt.practiceId(), attempt.messageId(),
                    content.attachments() == null ? List.of() : content.attachments());
        } catch (DirectAttachments.Unavailable unavailable) {
            return unavailable.openUntil() != null ? Result.deferred(unavailable.openUntil())
                    : Result.retry(unavailable.getMessage());
        }
        MimeMessage message;
        try {
            message = DirectSmime.build(relay.getSession(), new DirectSmime.Outgoing(messageId(attempt.id()), ready.from(),
                    attempt.destination(), content.subject() == null ? "" : content.subject(),
                    content.body() == null ? "" : content.body(), fetched,
                    Date.from(content.sentAt() == null ? Instant.now() : content.sentAt())),
                    ready.senderCertificate(), ready.senderKey(), ready.contactCertificate());
        } catch (RuntimeException e) {
            return Result.failed("the DIRECT message could not be signed and encrypted");
        }
        Result result = send(message);
        return result.kind() == Result.Kind.sent ? Result.sent(verdict.note()) : result;
    }

    private Result send(MimeMessage message) {
        if (!relayBreaker.tryAcquirePermission()) {
            return Result.deferred(Instant.now().plusMillis(relayBreaker.getCircuitBreakerConfig()
                    .getWaitIntervalFunctionInOpenState().apply(1)));
        }
        long started = System.nanoTime();
        try {
            relay.send(message);
            relayBreaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            return Result.sent(null);
        } catch (MailException e) {
            SmtpFailure failure = SmtpFailure.of(e);
            String reason = failure.reason().replace("SMTP relay", "HISP relay");
            if (failure.permanent()) {
                relayBreaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                return Result.failed(reason);
            }
            relayBreaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, e);
            return Result.retry(reason);
        }
    }

    private Ready prepare(Claimed one, DirectoryReplica.PracticeInfo practice, DirectoryReplica.DirectSender sender,
                          DirectoryReplica.Contact contact) throws Refused {
        if (practice == null || !practice.directMessagingEnabled()) {
            throw new Refused("DIRECT messaging is not enabled for this practice");
        }
        if (sender == null || !sender.credentialsValid() || sender.directAddress() == null
                || sender.certificatePem() == null || sender.privateKeySealed() == null
                || !sender.practiceId().equals(one.attempt().practiceId())) {
            throw new Refused("the sender has no valid DIRECT credentials");
        }
        if (contact == null || !contact.active() || !contact.practiceId().equals(one.attempt().practiceId())) {
            throw new Refused("the DIRECT contact is unknown or inactive");
        }
        if (contact.certificatePem() == null) {
            throw new Refused("the DIRECT contact has no certificate");
        }
        if (one.content() == null) {
            throw new Refused("nothing stored to send");
        }
        X509Certificate senderCertificate;
        PrivateKey senderKey;
        X509Certificate contactCertificate;
        try {
            senderCertificate = DirectSmime.certificate(sender.certificatePem());
            senderKey = DirectSmime.privateKey(seal.open(sender.privateKeySealed(), sender.id().toString()));
        } catch (RuntimeException e) {
            throw new Refused("the sender's DIRECT credentials cannot be used");
        }
        try {
            contactCertificate = DirectSmime.certificate(contact.certificatePem());
            contactCertificate.checkValidity();
        } catch (Exception e) {
            throw new Refused("the DIRECT contact's certificate is not valid");
        }
        DirectContent content = DirectContent.read(one.content());
        long attachmentBytes = content.attachments() == null ? 0
                : content.attachments().stream().mapToLong(MessageContent.Attachment::sizeBytes).sum();
        if (attachmentBytes > maxAttachmentBytes) {
            throw new Refused("the attachments are larger than a DIRECT message may carry (" + maxAttachmentBytes
                    + " bytes, carerelay.direct.attachments.max-total-size)");
        }
        return new Ready(one, content, sender.directAddress(), senderCertificate, senderKey, contactCertificate);
    }

    @Override
    protected void onSent(List<Claimed> sent) {
        Instant now = Instant.now();
        jdbc.batchUpdate("""
                insert into direct_tracking (attempt_id, smtp_message_id, sent_at, final_deadline) values (?, ?, ?, ?)
                on conflict (attempt_id) do update set sent_at = excluded.sent_at, final_deadline = excluded.final_deadline,
                    final_at = null""", sent, sent.size(), (statement, one) -> {
            statement.setObject(1, one.attempt().id());
            statement.setString(2, messageId(one.attempt().id()));
            statement.setTimestamp(3, Timestamp.from(now));
            statement.setTimestamp(4, Timestamp.from(now.plus(finalTimeout)));
        });
    }

    /** A DIRECT message that cannot be sent as things stand; the reason names no PHI. */
    private static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }
}
