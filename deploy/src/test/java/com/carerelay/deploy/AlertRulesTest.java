package com.carerelay.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/prometheus/alerts.yml: valid for Prometheus ({@code promtool}, when installed), every rule
 * actionable (severity, summary, description) and naming only metrics {@link ObservedMetrics} knows.
 */
@SuppressWarnings("unchecked")
class AlertRulesTest {

    static final Path PROMETHEUS = Path.of("prometheus");
    static final Path RULES = PROMETHEUS.resolve("alerts.yml");

    @Test
    void everyRuleHasASeverityASummaryAndADescription() {
        List<Map<String, Object>> rules = rules();
        assertThat(rules).hasSizeGreaterThanOrEqualTo(5);
        Set<String> names = new HashSet<>();
        for (Map<String, Object> rule : rules) {
            String name = (String) rule.get("alert");
            assertThat(name).as("only alerting rules here").isNotBlank();
            assertThat(names.add(name)).as("alert names are unique: %s", name).isTrue();
            Map<String, Object> labels = (Map<String, Object>) rule.getOrDefault("labels", Map.of());
            assertThat(labels.get("severity")).as("%s severity", name).isIn("critical", "warning");
            Map<String, Object> annotations = (Map<String, Object>) rule.getOrDefault("annotations", Map.of());
            assertThat((String) annotations.get("summary")).as("%s summary", name).isNotBlank();
            assertThat((String) annotations.get("description")).as("%s description", name).isNotBlank();
        }
    }

    @Test
    void rulesNameOnlyKnownMetrics() {
        for (Map<String, Object> rule : rules()) {
            Set<String> metrics = ObservedMetrics.metricNames((String) rule.get("expr"));
            assertThat(metrics).as("metrics of %s", rule.get("alert")).isNotEmpty()
                    .allSatisfy(metric -> assertThat(ObservedMetrics.known(metric))
                            .as("%s in %s is in ObservedMetrics (exported or proposed)", metric, rule.get("alert")).isTrue());
        }
    }

    @Test
    void coversConsumerLagOutboxDeadLettersBreakersAndTheAuditChain() {
        Set<String> used = new HashSet<>();
        rules().forEach(rule -> used.addAll(ObservedMetrics.metricNames((String) rule.get("expr"))));
        assertThat(used).contains("spring_cloud_stream_binder_kafka_offset", "carerelay_outbox_backlog",
                "carerelay_outbox_oldest_age_seconds", "kafka_producer_topic_record_send_total",
                "carerelay_email_circuit_open", "carerelay_delivery_circuit_opened_total", "carerelay_audit_chain_broken");
    }

    @Test
    void everyRuleUsingAProposedMetricSaysSo() {
        for (Map<String, Object> rule : rules()) {
            boolean proposed = ObservedMetrics.metricNames((String) rule.get("expr")).stream()
                    .anyMatch(ObservedMetrics.PROPOSED::containsKey);
            if (proposed) {
                Map<String, Object> annotations = (Map<String, Object>) rule.get("annotations");
                assertThat((String) annotations.get("description")).as("%s", rule.get("alert")).contains("proposed metric");
            }
        }
    }

    @Test
    void bothPrometheusConfigsLoadTheRules() throws IOException {
        for (String config : List.of("prometheus.yml", "prometheus-compose.yml")) {
            Map<String, Object> prometheus = load(PROMETHEUS.resolve(config));
            assertThat((List<String>) prometheus.get("rule_files")).as(config).containsExactly("alerts.yml");
        }
    }

    @Test
    void promtoolAcceptsTheRulesAndBothConfigs() throws Exception {
        assumeTrue(onPath("promtool"), "promtool is not installed: skipping `promtool check rules` (the YAML checks above still ran)");
        promtool("check", "rules", RULES.toString());
        promtool("check", "config", PROMETHEUS.resolve("prometheus.yml").toString());
        promtool("check", "config", PROMETHEUS.resolve("prometheus-compose.yml").toString());
    }

    private static void promtool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finishes").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + output).isZero();
    }

    private static boolean onPath(String executable) {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, executable)));
    }

    static List<Map<String, Object>> rules() {
        try {
            List<Map<String, Object>> rules = new ArrayList<>();
            for (Object group : (List<Object>) load(RULES).get("groups")) {
                rules.addAll((List<Map<String, Object>>) ((Map<String, Object>) group).get("rules"));
            }
            return rules;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> load(Path file) throws IOException {
        assertThat(file).isRegularFile();
        try (InputStream in = Files.newInputStream(file)) {
            return new Yaml().load(in);
        }
    }
}
