package com.carerelay.audit.config;

import com.carerelay.events.consumer.EventBatchConsumer;
import com.carerelay.events.consumer.TransientFailureRetry;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.cloud.stream.config.ListenerContainerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.transaction.support.TransactionTemplate;

/** Consuming through {@link EventBatchConsumer}. audit-service publishes nothing, so it has no outbox and owns no topic. */
@Configuration
public class EventsConfig {

    public static final String CONSUMER_GROUP = "audit-service";

    @Bean
    @SuppressWarnings("unchecked")
    EventBatchConsumer eventBatchConsumer(TransactionTemplate transaction, JdbcTemplate jdbc, ProducerFactory<?, ?> producers) {
        return new EventBatchConsumer(CONSUMER_GROUP, transaction, jdbc, (Producer<String, byte[]>) producers.createProducer());
    }

    @Bean
    ListenerContainerCustomizer<AbstractMessageListenerContainer<?, ?>> retryTransientFailures() {
        return (container, destination, group) -> container.setCommonErrorHandler(TransientFailureRetry.errorHandler());
    }
}
