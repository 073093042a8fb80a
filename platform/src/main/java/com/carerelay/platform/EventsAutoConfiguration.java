package com.carerelay.platform;

import com.carerelay.events.Topics;
import com.carerelay.platform.consumer.EventBatchConsumer;
import com.carerelay.platform.deadletter.DeadLetterController;
import com.carerelay.platform.deadletter.DeadLetters;
import com.carerelay.platform.consumer.TransientFailureRetry;
import com.carerelay.platform.outbox.OutboxRelay;
import com.carerelay.platform.outbox.OutboxWriter;
import com.carerelay.platform.logging.ServiceLogName;
import com.carerelay.platform.tracing.EventTracing;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.cloud.stream.config.ListenerContainerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.transaction.support.TransactionTemplate;

/** Reliable publishing (outbox) and the one way to consume (batch consumer, retry, dead letters). */
@AutoConfiguration(afterName = {
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration"})
@EnableConfigurationProperties(EventsProperties.class)
public class EventsAutoConfiguration {

    /** Traces across Kafka with the application's Micrometer tracer (OpenTelemetry); none without one. */
    @Bean
    @ConditionalOnMissingBean
    EventTracing eventTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        Tracer available = tracer.getIfAvailable();
        Propagator propagation = propagator.getIfAvailable();
        return available == null || propagation == null ? EventTracing.NONE : new EventTracing(available, propagation);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty("carerelay.events.source")
    static class Publishing {

        @Bean(initMethod = "start", destroyMethod = "close")
        @ConditionalOnMissingBean
        @SuppressWarnings("unchecked")
        OutboxRelay outboxRelay(DataSource dataSource, ProducerFactory<?, ?> producers, MeterRegistry meters,
                                EventsProperties properties, EventTracing tracing) {
            OutboxRelay relay = new OutboxRelay(dataSource, () -> (Producer<String, byte[]>) producers.createProducer(),
                    properties.outbox().batchSize(), properties.outbox().idlePoll(), tracing);
            Gauge.builder("carerelay.outbox.backlog", relay, OutboxRelay::backlog).register(meters);
            Gauge.builder("carerelay.outbox.oldest.age", relay, OutboxRelay::oldestAgeSeconds).baseUnit("seconds")
                    .description("Age of the oldest event waiting in the outbox").register(meters);
            return relay;
        }

        @Bean
        @ConditionalOnMissingBean
        OutboxWriter outboxWriter(JdbcTemplate jdbc, OutboxRelay relay, EventTracing tracing) {
            return new OutboxWriter(jdbc, relay, tracing);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty("carerelay.events.consumer-group")
    static class Consuming {

        @Bean
        @ConditionalOnMissingBean
        @SuppressWarnings("unchecked")
        EventBatchConsumer eventBatchConsumer(TransactionTemplate transaction, JdbcTemplate jdbc,
                                              ProducerFactory<?, ?> producers, MeterRegistry meters,
                                              EventsProperties properties, EventTracing tracing) {
            return new EventBatchConsumer(properties.consumerGroup(), transaction, jdbc,
                    () -> (Producer<String, byte[]>) producers.createProducer(), meters, tracing);
        }

        /** This consumer group's dead-letter topic, so it exists before the first poison record needs it. */
        @Bean
        NewTopic deadLetterTopic(EventsProperties properties) {
            return TopicBuilder.name(Topics.deadLetter(properties.consumerGroup())).partitions(1).replicas(1).build();
        }

        @Bean
        @ConditionalOnMissingBean
        DeadLetters deadLetters(EventsProperties properties, KafkaProperties kafka, ProducerFactory<?, ?> producers,
                                JdbcTemplate jdbc, @Value("${carerelay.dead-letters.scan-limit:10000}") int scanLimit) {
            return new DeadLetters(properties.consumerGroup(), kafka, producers, jdbc, scanLimit);
        }

        @Bean
        DeadLetterController deadLetterController(DeadLetters deadLetters,
                                                  org.springframework.beans.factory.ObjectProvider<
                                                          com.carerelay.platform.security.StaffPermissions> staffPermissions) {
            return new DeadLetterController(deadLetters, staffPermissions.getIfAvailable());
        }

        @Bean
        @ConditionalOnClass(ListenerContainerCustomizer.class)
        ListenerContainerCustomizer<AbstractMessageListenerContainer<?, ?>> retryTransientFailures(
                @Value("${spring.application.name:}") String serviceName) {
            return (container, destination, group) -> {
                container.setCommonErrorHandler(TransientFailureRetry.errorHandler());
                // consumer threads carry the service's name on their log lines (several services in one JVM)
                SimpleAsyncTaskExecutor consumers = new SimpleAsyncTaskExecutor(destination + "-" + group + "-C-");
                consumers.setTaskDecorator(ServiceLogName.decorator(serviceName));
                container.getContainerProperties().setListenerTaskExecutor(consumers);
            };
        }
    }
}
