package com.carerelay.audit.config;

import com.carerelay.audit.directory.DirectoryReplica;
import com.carerelay.audit.ingest.EventAuditor;
import com.carerelay.platform.consumer.EventBatchConsumer;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/** The Spring Cloud Stream consumers (batch mode), one per subscribed topic. */
@Configuration
public class ConsumersConfig {

    /** Keeps the local replica of staff and clients (names, practice) from the compacted directory topic. */
    @Bean
    Consumer<Message<List<byte[]>>> directoryChanges(EventBatchConsumer consumer, DirectoryReplica replica) {
        return batch -> consumer.accept(batch, replica::apply);
    }

    /** Appends message sent / received / read entries. */
    @Bean
    Consumer<Message<List<byte[]>>> messages(EventBatchConsumer consumer, EventAuditor auditor) {
        return batch -> consumer.accept(batch, auditor::record);
    }

    /** Appends delivery entries to each recipient's log. */
    @Bean
    Consumer<Message<List<byte[]>>> deliveryStatus(EventBatchConsumer consumer, EventAuditor auditor) {
        return batch -> consumer.accept(batch, auditor::record);
    }
}
