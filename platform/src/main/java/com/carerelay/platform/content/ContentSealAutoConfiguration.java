package com.carerelay.platform.content;

import com.carerelay.events.ContentSeal;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The {@link ContentSeal} of the services that may read a message's content (messaging-service seals,
 * delivery-service opens): present where {@code carerelay.message-content.key} is set, which only those
 * two services' configuration does.
 */
@AutoConfiguration
@ConditionalOnProperty("carerelay.message-content.key")
public class ContentSealAutoConfiguration {

    @Bean
    ContentSeal contentSeal(@Value("${carerelay.message-content.key}") String key) {
        return new ContentSeal(key);
    }
}
