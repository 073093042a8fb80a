package com.carerelay.web.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Where the services are, and the few knobs of the web app. */
@ConfigurationProperties("carerelay.web")
public record WebProperties(String directoryUrl, String messagingUrl, String deliveryUrl, String auditUrl,
                            String directCredentialsHelpUrl, Duration deliveryPoll, int pageSize) {
}
