package com.carerelay.directory.config;

import com.carerelay.events.Topics;
import com.carerelay.events.outbox.OutboxRelay;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ProducerFactory;

/** Publishing through the outbox to the compacted directory topic this service owns. */
@Configuration
public class EventsConfig {

    public static final String SOURCE = "/carerelay/directory";

    @Bean
    NewTopic directoryTopic(@Value("${carerelay.topics.partitions}") int partitions) {
        return TopicBuilder.name(Topics.DIRECTORY).partitions(partitions).replicas(1).compact().build();
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
}
