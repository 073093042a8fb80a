package com.carerelay.deploy;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Prometheus series the alert rules and the dashboard may use, each with where it comes from, and
 * the metric names a PromQL expression uses. A new name must be added here on purpose, saying whether
 * the code exports it today or it is PROPOSED (the rule or panel stays silent until it is exported).
 */
final class ObservedMetrics {

    /**
     * Exported today, with the code (or library) that exports it. A scrape of delivery-service after it
     * dead-lettered a record (2026-12-03) showed spring_cloud_stream_binder_kafka_offset{group,topic},
     * kafka_producer_topic_record_send_total{topic="delivery-service.dlq"}, carerelay_outbox_backlog, the
     * consumer and breaker counters; the others are registered on first use (a request, an attempt).
     */
    static final Map<String, String> EXPORTED = Map.ofEntries(
            Map.entry("up", "Prometheus, per scrape target"),
            Map.entry("http_server_requests_seconds_count", "Spring Boot http.server.requests timer"),
            Map.entry("http_server_requests_seconds_sum", "Spring Boot http.server.requests timer"),
            Map.entry("http_server_requests_seconds_max", "Spring Boot http.server.requests timer"),
            Map.entry("spring_cloud_stream_binder_kafka_offset", "spring-cloud-stream Kafka binder KafkaBinderMetrics (group, topic)"),
            Map.entry("kafka_producer_topic_record_send_total", "kafka-clients producer metrics, Spring Boot KafkaMetricsAutoConfiguration (topic)"),
            Map.entry("carerelay_outbox_backlog", "platform EventsAutoConfiguration, gauge carerelay.outbox.backlog"),
            Map.entry("carerelay_consumer_transient_failures_total", "platform EventBatchConsumer (group)"),
            Map.entry("carerelay_delivery_attempts_total", "delivery-service DeliveryMetrics (channel, outcome)"),
            Map.entry("carerelay_delivery_latency_seconds_bucket", "delivery-service DeliveryMetrics (channel), histogram"),
            Map.entry("carerelay_delivery_try_seconds_bucket", "delivery-service DeliveryMetrics (channel, outcome), histogram"),
            Map.entry("carerelay_delivery_circuit_opened_total", "delivery-service HostBreakers and DirectConfig (channel)"),
            Map.entry("carerelay_email_circuit_opened_total", "delivery-service EmailConfig"),
            Map.entry("carerelay_email_circuit_open", "delivery-service EmailConfig, 1 while the SMTP breaker is open"),
            Map.entry("carerelay_outbox_oldest_age_seconds", "platform EventsAutoConfiguration, gauge carerelay.outbox.oldest.age"),
            Map.entry("carerelay_consumer_dead_letters_total", "platform EventBatchConsumer (group)"),
            Map.entry("carerelay_audit_chain_broken", "audit-service ScheduledCheckpoints, practices failing the latest round"));

    /** Not exported by the code today: proposed names, README "Operating it" lists them. None at present. */
    static final Map<String, String> PROPOSED = Map.of();

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "offset", "bool", "inf", "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private ObservedMetrics() {
    }

    static boolean known(String metric) {
        return EXPORTED.containsKey(metric) || PROPOSED.containsKey(metric);
    }

    /** The metric names in a PromQL expression: identifiers that are not functions, keywords, label names or values. */
    static Set<String> metricNames(String expr) {
        String bare = expr
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")          // string literals
                .replaceAll("\\{[^}]*}", "")                               // label matchers
                .replaceAll("\\[[^]]*]", "")                               // ranges, [$__rate_interval]
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", ""); // label lists
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = IDENTIFIER.matcher(bare);
        while (matcher.find()) {
            String name = matcher.group();
            boolean function = bare.substring(matcher.end()).stripLeading().startsWith("(");
            boolean number = matcher.start() > 0 && Character.isDigit(bare.charAt(matcher.start() - 1));
            if (!function && !number && !KEYWORDS.contains(name.toLowerCase())) {
                names.add(name);
            }
        }
        return names;
    }
}
