package com.carerelay.messaging.config;

import com.carerelay.platform.consumer.EventBatchConsumer;
import com.carerelay.messaging.delivery.DeliveryStatusStore;
import com.carerelay.messaging.directory.DirectoryReplica;
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
    Consumer<Message<List<byte[]>>> directoryChanges(EventBatchConsumer consumer, DirectoryReplica replica) {
        return batch -> consumer.accept(batch, replica::apply);
    }

    /** Keeps per-recipient delivery status from delivery-service's status events. */
    @Bean
    Consumer<Message<List<byte[]>>> deliveryStatus(EventBatchConsumer consumer, DeliveryStatusStore store) {
        return batch -> consumer.accept(batch, store::apply);
    }
}
