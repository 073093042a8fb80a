package com.carerelay.platform.logging;

import org.slf4j.MDC;
import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * The structured log line's {@code service.name} is the service whose thread wrote it ({@link ServiceLogName}),
 * else the configured one; the MDC entry that carries it is not written a second time.
 * Set as {@code logging.structured.json.customizer} in the platform's defaults.
 */
public class ServiceNameJsonMembers implements StructuredLoggingJsonMembersCustomizer<Object> {

    @Override
    public void customize(JsonWriter.Members<Object> members) {
        members.applyingPathFilter(path -> path.toUnescapedString().equals(ServiceLogName.MDC_KEY));
        members.applyingValueProcessor(JsonWriter.ValueProcessor.<Object>of(configured -> {
            String own = MDC.get(ServiceLogName.MDC_KEY);
            return own != null ? own : configured;
        }).whenHasUnescapedPath("service.name"));
    }
}
