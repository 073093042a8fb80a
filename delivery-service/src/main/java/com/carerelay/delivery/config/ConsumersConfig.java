package com.carerelay.delivery.config;

import com.carerelay.platform.consumer.EventBatchConsumer;
import com.carerelay.delivery.directory.DirectoryReplicaUpdates;
import com.carerelay.delivery.fanout.MessageFanOut;
import com.carerelay.delivery.notification.LiveNotices;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/** The Spring Cloud Stream consumers (batch mode), one per subscribed topic. */
@Configuration
public class ConsumersConfig {

    /** Keeps the local directory replica from the compacted directory topic. */
    @Bean
    Consumer<Message<List<byte[]>>> directoryChanges(EventBatchConsumer consumer, DirectoryReplicaUpdates replica) {
        return batch -> consumer.accept(batch, replica::apply);
    }

    /**
     * Feeds the live streams open on this instance from the delivery status topic: no consumer group
     * (an anonymous one per instance, from the latest offset), so every instance sees every event.
     */
    @Bean
    Consumer<Message<List<byte[]>>> liveStreams(LiveNotices live) {
        return live::accept;
    }

    /** Fans every MessageSent out to its recipients' channels; MessageRead marks the reader's notice seen. */
    @Bean
    Consumer<Message<List<byte[]>>> messages(EventBatchConsumer consumer, MessageFanOut fanOut) {
        return batch -> consumer.accept(batch, fanOut::apply);
    }
}
