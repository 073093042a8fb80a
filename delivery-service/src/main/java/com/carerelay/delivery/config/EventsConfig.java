package com.carerelay.delivery.config;

import com.carerelay.events.Seal;
import com.carerelay.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The topic this service owns, and the seal that opens what directory-service sealed onto the directory
 * topic (staff DIRECT signing keys, practice webhook secrets); publishing and consuming come from the
 * platform ({@code carerelay.events}).
 */
@Configuration
public class EventsConfig {

    public static final String SOURCE = "/carerelay/delivery";
    public static final String CONSUMER_GROUP = "delivery-service";

    @Bean
    Seal credentialSeal(@Value("${carerelay.credentials.key}") String key) {
        return new Seal(key);
    }

    @Bean
    NewTopic deliveryStatusTopic(@Value("${carerelay.topics.partitions}") int partitions) {
        return TopicBuilder.name(Topics.DELIVERY_STATUS).partitions(partitions).replicas(1).build();
    }
}
