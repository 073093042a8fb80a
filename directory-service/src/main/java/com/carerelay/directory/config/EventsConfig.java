package com.carerelay.directory.config;

import com.carerelay.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The compacted topic this service owns; publishing comes from the platform ({@code carerelay.events}). */
@Configuration
public class EventsConfig {

    public static final String SOURCE = "/carerelay/directory";

    @Bean
    NewTopic directoryTopic(@Value("${carerelay.topics.partitions}") int partitions) {
        return TopicBuilder.name(Topics.DIRECTORY).partitions(partitions).replicas(1).compact().build();
    }
}
