package com.carerelay.delivery.email;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The circuit breaker in front of the SMTP relay, with its state as metrics. */
@Configuration
class EmailConfig {

    private static final Logger log = LoggerFactory.getLogger(EmailConfig.class);

    @Bean
    CircuitBreaker smtpCircuitBreaker(@Value("${carerelay.email.circuit-breaker.failure-rate-threshold}") float failureRate,
                                      @Value("${carerelay.email.circuit-breaker.sliding-window}") int slidingWindow,
                                      @Value("${carerelay.email.circuit-breaker.minimum-calls}") int minimumCalls,
                                      @Value("${carerelay.email.circuit-breaker.wait-in-open}") Duration waitInOpen,
                                      MeterRegistry meters) {
        CircuitBreaker breaker = CircuitBreaker.of("smtp", CircuitBreakerConfig.custom()
                .failureRateThreshold(failureRate)
                .slidingWindowSize(slidingWindow)
                .minimumNumberOfCalls(minimumCalls)
                .waitDurationInOpenState(waitInOpen)
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
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
