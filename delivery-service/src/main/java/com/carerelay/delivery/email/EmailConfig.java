package com.carerelay.delivery.email;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The circuit breaker in front of the SMTP relay, with its state as metrics, and the shared retry schedule. */
@Configuration
@EnableConfigurationProperties(EmailProperties.class)
class EmailConfig {

    @Bean
    RetrySchedule retrySchedule(EmailProperties email) {
        EmailProperties.Retry retry = email.retry();
        return new RetrySchedule(retry.initialInterval(), retry.multiplier(), retry.maxInterval(), retry.maxAttempts());
    }

    private static final Logger log = LoggerFactory.getLogger(EmailConfig.class);

    @Bean
    CircuitBreaker smtpCircuitBreaker(EmailProperties email, MeterRegistry meters) {
        CircuitBreaker breaker = CircuitBreaker.of("smtp", email.circuitBreaker().config());
        Counter opened = Counter.builder("carerelay.email.circuit.opened")
                .description("Times the SMTP relay's circuit breaker opened").register(meters);
        Gauge.builder("carerelay.email.circuit.open", breaker, b -> b.getState() == CircuitBreaker.State.OPEN ? 1 : 0)
                .description("1 while the SMTP relay's circuit breaker is open").register(meters);
        breaker.getEventPublisher().onStateTransition(event -> {
            log.info("SMTP relay circuit breaker: {}", event.getStateTransition());
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                opened.increment();
            }
        });
        return breaker;
    }
}
