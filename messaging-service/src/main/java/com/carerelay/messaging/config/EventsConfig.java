package com.carerelay.messaging.config;

import com.carerelay.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The topic this service owns; publishing and consuming come from the platform ({@code carerelay.events}). */
@Configuration
public class EventsConfig {

    public static final String SOURCE = "/carerelay/messaging";
    public static final String CONSUMER_GROUP = "messaging-service";

    @Bean
    NewTopic messagesTopic(@Value("${carerelay.topics.partitions}") int partitions) {
        return TopicBuilder.name(Topics.MESSAGES).partitions(partitions).replicas(1).build();
    }
}
