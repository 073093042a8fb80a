package com.carerelay.delivery.config;

import com.carerelay.events.Topics;
import com.carerelay.events.consumer.EventBatchConsumer;
import com.carerelay.events.consumer.TransientFailureRetry;
import com.carerelay.events.outbox.OutboxRelay;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.stream.config.ListenerContainerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.transaction.support.TransactionTemplate;

/** Publishing through the outbox, consuming through {@link EventBatchConsumer}, and the topic this service owns. */
@Configuration
public class EventsConfig {

    public static final String SOURCE = "/carerelay/delivery";
    public static final String CONSUMER_GROUP = "delivery-service";

    @Bean
    NewTopic deliveryStatusTopic(@Value("${carerelay.topics.partitions}") int partitions) {
        return TopicBuilder.name(Topics.DELIVERY_STATUS).partitions(partitions).replicas(1).build();
    }

    /** This consumer group's dead-letter topic, so it exists before the first poison record needs it. */
    @Bean
    NewTopic deadLetterTopic() {
        return TopicBuilder.name(Topics.deadLetter(CONSUMER_GROUP)).partitions(1).replicas(1).build();
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    @SuppressWarnings("unchecked")
    OutboxRelay outboxRelay(DataSource dataSource, ProducerFactory<?, ?> producers, MeterRegistry meters,
                            @Value("${carerelay.outbox.batch-size}") int batchSize,
                            @Value("${carerelay.outbox.idle-poll}") Duration idlePoll) {
        OutboxRelay relay = new OutboxRelay(dataSource, (Producer<String, byte[]>) producers.createProducer(), batchSize, idlePoll);
        Gauge.builder("carerelay.outbox.backlog", relay, OutboxRelay::backlog).register(meters);
        return relay;
    }

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
