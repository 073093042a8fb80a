package com.carerelay.delivery.email;

import com.carerelay.delivery.attempt.DeliveryAttempt;
import com.carerelay.delivery.attempt.DeliveryAttempts;
import com.carerelay.delivery.attempt.DeliveryMetrics;
import com.carerelay.delivery.directory.DirectoryReplica;
import com.carerelay.events.DeliveryStatusChanged.Channel;
import com.carerelay.events.DeliveryStatusChanged.Status;
import com.carerelay.events.PrincipalKind;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the queued e-mail notices over SMTP. The attempt row exists before anything is sent (the
 * fan-out wrote it); a worker claims due attempts with a lease ({@code for update skip locked}, so
 * several instances share the work), sends them over one SMTP connection, then records sent, a
 * later retry, or failed, and publishes the status. A crash after the relay accepted a notice but
 * before that was recorded sends it again once the lease runs out: a duplicate notice is harmless,
 * a lost one is not.
 */
@Component
public class EmailNotices implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EmailNotices.class);

    private static final String CLAIM = """
            update delivery_attempt a set status = 'sending', tries = a.tries + 1,
                lease_until = now() + make_interval(secs => ?), updated_at = now()
            from (select id from delivery_attempt
                  where channel = 'email'
                    and ((status = 'queued' and next_attempt_at <= now()) or (status = 'sending' and lease_until < now()))
                  order by next_attempt_at limit ? for update skip locked) due
            where a.id = due.id
            returning a.id, a.message_id, a.practice_id, a.sender_id, a.recipient_id, a.recipient_kind, a.recipient_name,
                a.destination, a.message_sent_at, a.tries""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final JavaMailSender mail;
    private final DirectoryReplica directory;
    private final DeliveryAttempts attempts;
    private final RetrySchedule retries;
    private final DeliveryMetrics metrics;
    private final CircuitBreaker relay;
    private final boolean enabled;
    private final String defaultFrom;
    private final String staffLink;
    private final String clientLink;
    private final int batchSize;
    private final Duration idlePoll;
    private final Duration lease;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean running;
    private Thread worker;

    public EmailNotices(JdbcTemplate jdbc, TransactionTemplate transaction, JavaMailSender mail, DirectoryReplica directory,
                        DeliveryAttempts attempts, RetrySchedule retries, DeliveryMetrics metrics, CircuitBreaker relay,
                        @Value("${carerelay.email.enabled}") boolean enabled,
                        @Value("${carerelay.email.default-from}") String defaultFrom,
                        @Value("${carerelay.email.staff-link}") String staffLink,
                        @Value("${carerelay.email.client-link}") String clientLink,
                        @Value("${carerelay.email.batch-size}") int batchSize,
                        @Value("${carerelay.email.idle-poll}") Duration idlePoll,
                        @Value("${carerelay.email.lease}") Duration lease) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.mail = mail;
        this.directory = directory;
        this.attempts = attempts;
        this.retries = retries;
        this.metrics = metrics;
        this.relay = relay;
        this.enabled = enabled;
        this.defaultFrom = defaultFrom;
        this.staffLink = staffLink;
        this.clientLink = clientLink;
        this.batchSize = batchSize;
        this.idlePoll = idlePoll;
        this.lease = lease;
    }

    /** Asks the worker to look for due notices now, e.g. right after the fan-out committed new ones. */
    public void wakeUp() {
        wakeUp.release();
    }

    @Override
    public synchronized void start() {
        if (running || !enabled) {
            return;
        }
        running = true;
        worker = Thread.ofPlatform().name("email-notices").daemon().start(this::run);
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (worker != null) {
            wakeUp.release();
            try {
                worker.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            worker = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        Duration failureBackoff = Duration.ofMillis(200);
        while (running) {
            try {
                int handled = sendBatch();
                failureBackoff = Duration.ofMillis(200);
                if (handled < batchSize) {
                    wakeUp.tryAcquire(idlePoll.toMillis(), TimeUnit.MILLISECONDS);
                    wakeUp.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("E-mail notice batch failed, retrying in {} ms: {}", failureBackoff.toMillis(), e.toString());
                try {
                    Thread.sleep(failureBackoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                failureBackoff = failureBackoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0
                        ? Duration.ofSeconds(10) : failureBackoff.multipliedBy(2);
            }
        }
    }

    /**
     * Claims, sends and records one batch of due notices; answers how many it handled. While the
     * relay's circuit breaker is open nothing is claimed, so an outage spends no tries.
     */
    public int sendBatch() {
        if (!relay.tryAcquirePermission()) {
            return 0;
        }
        List<DeliveryAttempt> claimed;
        try {
            claimed = claim();
        } catch (RuntimeException e) {
            relay.releasePermission();
            throw e;
        }
        if (claimed.isEmpty()) {
            relay.releasePermission();
            return 0;
        }
        long started = System.nanoTime();
        List<DeliveryAttempts.Transition> outcomes = new ArrayList<>(claimed.size());
        Map<MimeMessage, DeliveryAttempt> prepared = new IdentityHashMap<>();
        Map<Object, Exception> failures;
        try {
            Map<UUID, DirectoryReplica.PracticeInfo> practices = directory.practices(
                    claimed.stream().map(DeliveryAttempt::practiceId).collect(Collectors.toSet()));
            for (DeliveryAttempt attempt : claimed) {
                try {
                    prepared.put(prepare(attempt, practices.get(attempt.practiceId())), attempt);
                } catch (MessagingException | UnsupportedEncodingException | MailException e) {
                    outcomes.add(failed(attempt, SmtpFailure.of(e)));
                }
            }
            failures = send(prepared.keySet());
        } catch (RuntimeException e) {
            // the claimed notices are tried again once their lease runs out
            relay.releasePermission();
            throw e;
        }
        judgeRelay(prepared.size(), failures, System.nanoTime() - started);
        prepared.forEach((message, attempt) -> {
            Exception failure = failures.get(message);
            outcomes.add(failure == null ? new DeliveryAttempts.Transition(attempt.withStatus(Status.sent, null), null)
                    : failed(attempt, SmtpFailure.of(failure)));
        });

        transaction.executeWithoutResult(status -> {
            attempts.transition(outcomes);
            List<DeliveryAttempt> settled = outcomes.stream().filter(outcome -> outcome.nextAttemptAt() == null)
                    .map(DeliveryAttempts.Transition::attempt).toList();
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    metrics.record(settled);
                }
            });
        });
        long retrying = outcomes.stream().filter(outcome -> outcome.nextAttemptAt() != null).count();
        if (retrying > 0) {
            log.info("{} of {} e-mail notices will be retried: {}", retrying, outcomes.size(), outcomes.stream()
                    .filter(outcome -> outcome.nextAttemptAt() != null).map(outcome -> outcome.attempt().reason())
                    .distinct().collect(Collectors.joining("; ")));
        }
        return claimed.size();
    }

    private List<DeliveryAttempt> claim() {
        List<DeliveryAttempt> claimed = transaction.execute(status -> jdbc.query(CLAIM, (row, i) -> new DeliveryAttempt(
                row.getObject("id", UUID.class), row.getObject("message_id", UUID.class),
                row.getObject("practice_id", UUID.class), row.getObject("sender_id", UUID.class),
                row.getObject("recipient_id", UUID.class), PrincipalKind.valueOf(row.getString("recipient_kind")),
                row.getString("recipient_name"), Channel.email, Status.queued, null, row.getString("destination"),
                row.getTimestamp("message_sent_at").toInstant(), row.getInt("tries")), lease.toSeconds(), batchSize));
        return claimed == null ? List.of() : claimed;
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

    private DeliveryAttempts.Transition failed(DeliveryAttempt attempt, SmtpFailure failure) {
        if (!failure.permanent() && retries.allowsAnotherTry(attempt.tries())) {
            Instant next = retries.nextTry(attempt.tries(), Instant.now());
            return new DeliveryAttempts.Transition(attempt.withStatus(Status.queued,
                    failure.reason() + "; try " + (attempt.tries() + 1) + " at " + next), next);
        }
        String reason = failure.permanent() ? failure.reason()
                : failure.reason() + "; gave up after " + attempt.tries() + " tries";
        return new DeliveryAttempts.Transition(attempt.withStatus(Status.failed, reason), null);
    }

    private MimeMessage prepare(DeliveryAttempt attempt, DirectoryReplica.PracticeInfo practice)
            throws MessagingException, UnsupportedEncodingException {
        String practiceName = practice == null ? null : practice.name();
        String link = attempt.recipientKind() == PrincipalKind.client ? clientLink : staffLink;
        EmailNotice notice = EmailNotice.of(practiceName, link, attempt.messageId());
        String from = practice == null || practice.senderEmail() == null || practice.senderEmail().isBlank()
                ? defaultFrom : practice.senderEmail();

        MimeMessage message = mail.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, false, StandardCharsets.UTF_8.name());
        helper.setFrom(new InternetAddress(from, practiceName == null || practiceName.isBlank()
                ? null : practiceName, StandardCharsets.UTF_8.name()));
        helper.setTo(new InternetAddress(attempt.destination(), true));
        helper.setSubject(notice.subject());
        helper.setText(notice.text());
        message.setHeader("Auto-Submitted", "auto-generated");
        message.setHeader("X-CareRelay-Attempt", attempt.id().toString());
        return message;
    }
}
