package com.carerelay.platform.logging;

import java.util.Map;
import org.slf4j.MDC;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.task.TaskDecorator;

/**
 * Which service wrote a log line, when several run in one JVM (the local stack, the end-to-end test): logging is
 * configured once per JVM, by the first application, so its {@code service.name} would stand on every line.
 * Each service's own threads carry its {@code spring.application.name} in the MDC under {@link #MDC_KEY}
 * instead, and {@link ServiceNameJsonMembers} writes it as {@code service.name}: the startup thread (from the
 * moment its environment is ready), request threads ({@code ServiceLogNameFilter}), Kafka consumer threads, the
 * scheduler and every {@code PollingLoop} (outbox relay, channel workers), which inherits its starter's MDC.
 * A service alone in its process gets the same name either way.
 */
public final class ServiceLogName implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    public static final String MDC_KEY = "carerelayService";

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        String name = event.getEnvironment().getProperty("spring.application.name");
        if (name != null) {
            MDC.put(MDC_KEY, name);
        }
    }

    /** Runs tasks with this service's name in the MDC (consumer threads, the scheduler's). */
    public static TaskDecorator decorator(String serviceName) {
        return task -> () -> {
            String outer = MDC.get(MDC_KEY);
            MDC.put(MDC_KEY, serviceName);
            try {
                task.run();
            } finally {
                if (outer == null) {
                    MDC.remove(MDC_KEY);
                } else {
                    MDC.put(MDC_KEY, outer);
                }
            }
        };
    }

    /** The calling thread's MDC, for a thread it starts to take over (null when empty). */
    public static Map<String, String> inherit() {
        return MDC.getCopyOfContextMap();
    }

    /** Sets what {@link #inherit} answered on the new thread. */
    public static void adopt(Map<String, String> context) {
        if (context != null) {
            MDC.setContextMap(context);
        }
    }
}
