package com.carerelay.delivery.direct;

import com.carerelay.delivery.attempt.AttemptWorker;
import com.carerelay.delivery.attempt.DeliveryAttempts;
import com.carerelay.delivery.attempt.DeliveryMetrics;
import com.carerelay.delivery.directory.DirectoryReplica;
import com.carerelay.delivery.email.RetrySchedule;
import com.carerelay.events.CredentialSeal;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Properties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.support.TransactionTemplate;

/** DIRECT: the HISP relay (its own SMTP connection settings and circuit breaker), the credential seal, receipts, the worker. */
@Configuration
class DirectConfig {

    @Bean
    CredentialSeal credentialSeal(@Value("${carerelay.credentials.key}") String key) {
        return new CredentialSeal(key);
    }

    @Bean
    DirectReceipts directReceipts(JdbcTemplate jdbc, TransactionTemplate transaction, DeliveryAttempts attempts,
                                  DeliveryMetrics metrics, DirectoryReplica directory, CredentialSeal seal,
                                  @Value("${carerelay.direct.mdn-mailbox.protocol}") String protocol,
                                  @Value("${carerelay.direct.mdn-mailbox.host}") String host,
                                  @Value("${carerelay.direct.mdn-mailbox.port}") int port,
                                  @Value("${carerelay.direct.mdn-mailbox.username}") String username,
                                  @Value("${carerelay.direct.mdn-mailbox.password}") String password,
                                  @Value("${carerelay.direct.mdn-mailbox.folder}") String folder,
                                  @Value("${carerelay.direct.final-timeout}") Duration finalTimeout) {
        return new DirectReceipts(jdbc, transaction, attempts, metrics, directory, seal,
                new DirectReceipts.Mailbox(protocol, host, port, username, password, folder), finalTimeout);
    }

    @Bean
    DirectMessages directMessages(JdbcTemplate jdbc, TransactionTemplate transaction, DeliveryAttempts attempts,
                                  RetrySchedule retries, DeliveryMetrics metrics, DirectoryReplica directory,
                                  CredentialSeal seal, DirectReceipts receipts, MeterRegistry meters,
                                  @Value("${carerelay.direct.enabled}") boolean enabled,
                                  @Value("${carerelay.direct.batch-size}") int batchSize,
                                  @Value("${carerelay.direct.idle-poll}") Duration idlePoll,
                                  @Value("${carerelay.direct.lease}") Duration lease,
                                  @Value("${carerelay.direct.relay.host}") String relayHost,
                                  @Value("${carerelay.direct.relay.port}") int relayPort,
                                  @Value("${carerelay.direct.relay.username}") String relayUser,
                                  @Value("${carerelay.direct.relay.password}") String relayPassword,
                                  @Value("${carerelay.direct.relay.starttls}") boolean startTls,
                                  @Value("${carerelay.direct.final-timeout}") Duration finalTimeout,
                                  @Value("${carerelay.direct.mdn-mailbox.poll}") Duration mailboxPoll,
                                  @Value("${carerelay.direct.message-id-domain}") String messageIdDomain,
                                  @Value("${carerelay.direct.circuit-breaker.failure-rate-threshold}") float failureRate,
                                  @Value("${carerelay.direct.circuit-breaker.sliding-window}") int slidingWindow,
                                  @Value("${carerelay.direct.circuit-breaker.minimum-calls}") int minimumCalls,
                                  @Value("${carerelay.direct.circuit-breaker.wait-in-open}") Duration waitInOpen) {
        JavaMailSenderImpl relay = new JavaMailSenderImpl();
        relay.setHost(relayHost);
        relay.setPort(relayPort);
        Properties properties = new Properties();
        if (relayUser != null && !relayUser.isBlank()) {
            relay.setUsername(relayUser);
            relay.setPassword(relayPassword);
            properties.put("mail.smtp.auth", "true");
        }
        properties.put("mail.smtp.starttls.enable", Boolean.toString(startTls));
        properties.put("mail.smtp.connectiontimeout", "5000");
        properties.put("mail.smtp.timeout", "10000");
        properties.put("mail.smtp.writetimeout", "10000");
        relay.setJavaMailProperties(properties);
        CircuitBreaker breaker = CircuitBreaker.of("hisp-relay", CircuitBreakerConfig.custom()
                .failureRateThreshold(failureRate)
                .slidingWindowSize(slidingWindow)
                .minimumNumberOfCalls(minimumCalls)
                .waitDurationInOpenState(waitInOpen)
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
        Counter opened = Counter.builder("carerelay.delivery.circuit.opened").tag("channel", "direct")
                .description("Times a per-host circuit breaker of this channel opened").register(meters);
        breaker.getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                opened.increment();
            }
        });
        return new DirectMessages(jdbc, transaction, attempts, retries, metrics,
                new AttemptWorker.Settings(enabled, batchSize, idlePoll, lease), directory, relay, breaker, seal, receipts,
                finalTimeout, mailboxPoll, messageIdDomain);
    }
}
