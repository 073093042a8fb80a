package com.carerelay.delivery.email;

import com.carerelay.delivery.attempt.AttemptWorker;
import com.carerelay.delivery.attempt.DeliveryAttempt;
import com.carerelay.delivery.attempt.DeliveryAttempts;
import com.carerelay.delivery.attempt.DeliveryMetrics;
import com.carerelay.delivery.directory.DirectoryReplica;
import com.carerelay.events.DeliveryStatusChanged.Channel;
import com.carerelay.events.PrincipalKind;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the queued e-mail notices over SMTP, on the channel worker every queue uses
 * ({@link AttemptWorker}: claimed with a lease, settled as sent, retried per the shared schedule, or
 * failed, and published). A batch goes over one SMTP connection. While the relay's circuit breaker is
 * open nothing is tried and no try is spent. A crash after the relay accepted a notice but before that
 * was recorded sends it again once the lease runs out: a duplicate notice is harmless, a lost one is not.
 */
@Component
public class EmailNotices extends AttemptWorker {

    private final JavaMailSender mail;
    private final DirectoryReplica directory;
    private final CircuitBreaker relay;
    private final String defaultFrom;
    private final String staffLink;
    private final String clientLink;

    public EmailNotices(JdbcTemplate jdbc, TransactionTemplate transaction, JavaMailSender mail, DirectoryReplica directory,
                        DeliveryAttempts attempts, RetrySchedule retries, DeliveryMetrics metrics, CircuitBreaker relay,
                        EmailProperties email) {
        super(Channel.email, jdbc, transaction, attempts, retries, metrics, email.worker());
        this.mail = mail;
        this.directory = directory;
        this.relay = relay;
        this.defaultFrom = email.defaultFrom();
        this.staffLink = email.staffLink();
        this.clientLink = email.clientLink();
    }

    /** Nothing is claimed while the relay's circuit breaker is open, so an outage spends no tries. */
    @Override
    protected boolean ready() {
        if (!relay.tryAcquirePermission()) {
            return false;
        }
        relay.releasePermission();
        return true;
    }

    @Override
    protected Map<UUID, Result> deliver(List<Claimed> claimed) {
        Map<UUID, Result> results = new LinkedHashMap<>();
        if (!relay.tryAcquirePermission()) {
            Instant until = Instant.now().plusMillis(relay.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1));
            claimed.forEach(one -> results.put(one.attempt().id(), Result.deferred(until)));
            return results;
        }
        long started = System.nanoTime();
        Map<MimeMessage, DeliveryAttempt> prepared = new IdentityHashMap<>();
        Map<Object, Exception> failures;
        try {
            Map<UUID, DirectoryReplica.PracticeInfo> practices = directory.practices(
                    claimed.stream().map(one -> one.attempt().practiceId()).collect(Collectors.toSet()));
            for (Claimed one : claimed) {
                DeliveryAttempt attempt = one.attempt();
                try {
                    prepared.put(prepare(attempt, practices.get(attempt.practiceId())), attempt);
                } catch (MessagingException | UnsupportedEncodingException | MailException e) {
                    results.put(attempt.id(), result(SmtpFailure.of(e)));
                }
            }
            failures = send(prepared.keySet());
        } catch (RuntimeException e) {
            relay.releasePermission(); // the claimed notices are tried again once their lease runs out
            throw e;
        }
        judgeRelay(prepared.size(), failures, System.nanoTime() - started);
        prepared.forEach((message, attempt) -> {
            Exception failure = failures.get(message);
            results.put(attempt.id(), failure == null ? Result.sent(null) : result(SmtpFailure.of(failure)));
        });
        return results;
    }

    /**
     * Tells the circuit breaker how the relay did: a batch the relay refused as a whole for a reason
     * worth retrying (unreachable, timing out, 4xx) counts against it; rejections of single
     * recipients do not.
     */
    private void judgeRelay(int sent, Map<Object, Exception> failures, long nanos) {
        boolean relayDown = sent > 0 && failures.size() == sent
                && failures.values().stream().noneMatch(failure -> SmtpFailure.of(failure).permanent());
        if (relayDown) {
            relay.onError(nanos, TimeUnit.NANOSECONDS, failures.values().iterator().next());
        } else {
            relay.onSuccess(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Sends over one connection; answers the messages that were not accepted, with why. */
    private Map<Object, Exception> send(Set<MimeMessage> messages) {
        if (messages.isEmpty()) {
            return Map.of();
        }
        try {
            mail.send(messages.toArray(MimeMessage[]::new));
            return Map.of();
        } catch (MailSendException e) {
            if (!e.getFailedMessages().isEmpty()) {
                return e.getFailedMessages();
            }
            return everyMessage(messages, e);
        } catch (MailException e) {
            return everyMessage(messages, e);
        }
    }

    private static Map<Object, Exception> everyMessage(Set<MimeMessage> messages, Exception failure) {
        Map<Object, Exception> all = new IdentityHashMap<>();
        messages.forEach(message -> all.put(message, failure));
        return all;
    }

    /** A permanent SMTP failure fails the notice; any other is retried per the shared schedule. */
    private static Result result(SmtpFailure failure) {
        return failure.permanent() ? Result.failed(failure.reason()) : Result.retry(failure.reason());
    }

    private MimeMessage prepare(DeliveryAttempt attempt, DirectoryReplica.PracticeInfo practice)
            throws MessagingException, UnsupportedEncodingException {
        String link = attempt.recipientKind() == PrincipalKind.client ? clientLink : staffLink;
        EmailNotice notice = EmailNotice.of(practice == null ? null : practice.noticeSubject(),
                practice == null ? null : practice.noticeSenderName(), link, attempt.messageId());
        String from = practice == null || practice.senderEmail() == null || practice.senderEmail().isBlank()
                ? defaultFrom : practice.senderEmail();

        MimeMessage message = mail.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, false, StandardCharsets.UTF_8.name());
        helper.setFrom(new InternetAddress(from, notice.senderName(), StandardCharsets.UTF_8.name()));
        helper.setTo(new InternetAddress(attempt.destination(), true));
        helper.setSubject(notice.subject());
        helper.setText(notice.text());
        message.setHeader("Auto-Submitted", "auto-generated");
        message.setHeader("X-CareRelay-Attempt", attempt.id().toString());
        return message;
    }
}
