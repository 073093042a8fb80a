package com.carerelay.platform.logging;

import jakarta.servlet.Filter;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/** This service's name on the log lines of its request and scheduler threads (see {@link ServiceLogName}). */
@AutoConfiguration
public class ServiceLoggingAutoConfiguration {

    @Bean
    @ConditionalOnWebApplication
    FilterRegistrationBean<Filter> serviceLogNameFilter(@Value("${spring.application.name:}") String serviceName) {
        Filter filter = (request, response, chain) -> {
            MDC.put(ServiceLogName.MDC_KEY, serviceName);
            try {
                chain.doFilter(request, response);
            } finally {
                MDC.remove(ServiceLogName.MDC_KEY);
            }
        };
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    ThreadPoolTaskSchedulerCustomizer serviceLogNameOnScheduledTasks(@Value("${spring.application.name:}") String serviceName) {
        return scheduler -> scheduler.setTaskDecorator(ServiceLogName.decorator(serviceName));
    }
}
