package com.carerelay.delivery.notification;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code carerelay.notifications.streams.*}: how many live notification streams one principal may hold
 * open on an instance (tabs, devices), and how many an instance holds in all.
 */
@ConfigurationProperties("carerelay.notifications.streams")
public record StreamLimits(int perPrincipal, int perInstance) {
}
