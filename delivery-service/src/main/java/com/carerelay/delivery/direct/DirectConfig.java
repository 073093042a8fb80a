package com.carerelay.delivery.direct;

import com.carerelay.delivery.attempt.DeliveryAttempts;
import com.carerelay.delivery.attempt.DeliveryMetrics;
import com.carerelay.delivery.directory.DirectoryReplica;
import com.carerelay.delivery.email.RetrySchedule;
import com.carerelay.delivery.outbound.BreakerSettings;
import com.carerelay.events.AttachmentFetchGrant;
import com.carerelay.events.Seal;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Properties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * DIRECT: the HISP relay (its own SMTP connection settings and circuit breaker), the attachment fetch from
 * messaging-service (its own circuit breaker), the trust anchors and revocation check, receipts, the worker.
 */
@Configuration
@EnableConfigurationProperties(DirectProperties.class)
class DirectConfig {

    @Bean
    DirectTrust directTrust(DirectProperties direct) {
        return new DirectTrust(direct.trustAnchors());
    }

    @Bean
    DirectReceipts directReceipts(JdbcTemplate jdbc, TransactionTemplate transaction, DeliveryAttempts attempts,
                                  DeliveryMetrics metrics, DirectoryReplica directory, Seal seal,
                                  DirectProperties direct, DirectTrust trust) {
        DirectProperties.Mailbox mailbox = direct.mdnMailbox();
        return new DirectReceipts(jdbc, transaction, attempts, metrics, directory, seal,
                new MdnSignatures(trust), new DirectReceipts.Mailbox(mailbox.protocol(), mailbox.host(), mailbox.port(),
                        mailbox.username(), mailbox.password(), mailbox.folder()), direct.finalTimeout());
    }

    @Bean
    DirectMessages directMessages(JdbcTemplate jdbc, TransactionTemplate transaction, DeliveryAttempts attempts,
                                  RetrySchedule retries, DeliveryMetrics metrics, DirectoryReplica directory,
                                  Seal seal, DirectReceipts receipts, MeterRegistry meters,
                                  DirectProperties direct, DirectTrust trust) {
        DirectProperties.Attachments settings = direct.attachments();
        DirectAttachments attachments = new DirectAttachments(settings.messagingUrl(),
                new AttachmentFetchGrant(settings.fetchKey()), settings.timeout(),
                breaker("messaging-attachments", settings.circuitBreaker(), meters));
        return new DirectMessages(jdbc, transaction, attempts, retries, metrics, direct, directory,
                hispRelay(direct.relay()), breaker("hisp-relay", direct.circuitBreaker(), meters), seal, receipts,
                attachments, new RecipientRevocation(trust, direct.revocation(), Clock.systemUTC()));
    }

    private static JavaMailSenderImpl hispRelay(DirectProperties.Relay settings) {
        JavaMailSenderImpl relay = new JavaMailSenderImpl();
        relay.setHost(settings.host());
        relay.setPort(settings.port());
        Properties properties = new Properties();
        if (settings.username() != null && !settings.username().isBlank()) {
            relay.setUsername(settings.username());
            relay.setPassword(settings.password());
            properties.put("mail.smtp.auth", "true");
        }
        properties.put("mail.smtp.starttls.enable", Boolean.toString(settings.starttls()));
        properties.put("mail.smtp.connectiontimeout", "5000");
        properties.put("mail.smtp.timeout", "10000");
        properties.put("mail.smtp.writetimeout", "10000");
        relay.setJavaMailProperties(properties);
        return relay;
    }

    private static CircuitBreaker breaker(String name, BreakerSettings settings, MeterRegistry meters) {
        CircuitBreaker breaker = CircuitBreaker.of(name, settings.config());
        Counter opened = Counter.builder("carerelay.delivery.circuit.opened").tag("channel", "direct")
                .description("Times a per-host circuit breaker of this channel opened").register(meters);
        breaker.getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                opened.increment();
            }
        });
        return breaker;
    }
}
