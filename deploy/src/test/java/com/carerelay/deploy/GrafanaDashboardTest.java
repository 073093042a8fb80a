package com.carerelay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * deploy/grafana: the dashboard has the panels ops asked for, queries only metrics {@link ObservedMetrics}
 * knows from the provisioned data source, and docker-compose.yml mounts the provisioning where it points.
 * Syntax and references only: Grafana and Prometheus are not started here (no Docker in the build).
 */
@SuppressWarnings("unchecked")
class GrafanaDashboardTest {

    static final Path GRAFANA = Path.of("grafana");
    static final Path DASHBOARD = GRAFANA.resolve("dashboards/carerelay.json");
    static final Path COMPOSE = Path.of("..", "docker-compose.yml");

    private final JsonNode dashboard = JsonMapper.builder().build().readTree(DASHBOARD.toFile());

    @Test
    void hasThePanelsOpsWatch() {
        List<String> titles = panels().stream().map(panel -> panel.path("title").asString()).toList();
        assertThat(titles).contains("Send rate (POST /api/v1/messages)", "Send latency (POST /api/v1/messages)",
                "Consumer lag per group", "Outbox backlog per service", "Delivery outcomes per channel", "Dead letters",
                "Audit chains that do not verify");
        assertThat(dashboard.path("uid").asString()).isNotBlank();
        Set<Integer> ids = new HashSet<>();
        panels().forEach(panel -> assertThat(ids.add(panel.path("id").asInt())).as("unique panel ids").isTrue());
    }

    @Test
    void everyQueryNamesOnlyKnownMetricsFromTheProvisionedDataSource() throws IOException {
        String datasource = (String) ((List<Map<String, Object>>) AlertRulesTest
                .load(GRAFANA.resolve("provisioning/datasources/prometheus.yml")).get("datasources")).getFirst().get("uid");
        int queries = 0;
        for (JsonNode panel : panels()) {
            if (panel.path("type").asString().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asString()).as(panel.path("title").asString()).isEqualTo(datasource);
            assertThat(panel.path("targets").isEmpty()).as("%s has queries", panel.path("title").asString()).isFalse();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asString();
                assertThat(ObservedMetrics.metricNames(expr)).as(expr).isNotEmpty()
                        .allSatisfy(metric -> assertThat(ObservedMetrics.known(metric)).as("%s in %s", metric, expr).isTrue());
                queries++;
            }
        }
        assertThat(queries).isGreaterThanOrEqualTo(10);
    }

    @Test
    void composeRunsPrometheusAndGrafanaWithTheProvisioning() throws IOException {
        Map<String, Object> services = (Map<String, Object>) AlertRulesTest.load(COMPOSE).get("services");
        Map<String, String> prometheus = mounts((Map<String, Object>) services.get("prometheus"));
        assertThat(prometheus).containsEntry("/etc/prometheus/prometheus.yml", "./deploy/prometheus/prometheus-compose.yml")
                .containsEntry("/etc/prometheus/alerts.yml", "./deploy/prometheus/alerts.yml");

        Map<String, String> grafana = mounts((Map<String, Object>) services.get("grafana"));
        assertThat(grafana).containsEntry("/etc/grafana/provisioning", "./deploy/grafana/provisioning");
        Map<String, Object> provider = ((List<Map<String, Object>>) AlertRulesTest
                .load(GRAFANA.resolve("provisioning/dashboards/carerelay.yml")).get("providers")).getFirst();
        String dashboardsPath = (String) ((Map<String, Object>) provider.get("options")).get("path");
        assertThat(grafana).containsEntry(dashboardsPath, "./deploy/grafana/dashboards");

        String datasourceUrl = (String) ((List<Map<String, Object>>) AlertRulesTest
                .load(GRAFANA.resolve("provisioning/datasources/prometheus.yml")).get("datasources")).getFirst().get("url");
        assertThat(datasourceUrl).isEqualTo("http://prometheus:9090");

        // every bind mount of the two points at a file or folder in this repository
        List<String> sources = new ArrayList<>(prometheus.values());
        sources.addAll(grafana.values());
        sources.stream().filter(source -> source.startsWith("./"))
                .forEach(source -> assertThat(Files.exists(Path.of("..").resolve(source))).as(source).isTrue());
    }

    /** A compose service's volumes as container path to host path (named volumes keep their name). */
    private static Map<String, String> mounts(Map<String, Object> service) {
        assertThat(service).isNotNull();
        Map<String, String> mounts = new java.util.HashMap<>();
        for (Object volume : (List<Object>) service.get("volumes")) {
            String[] parts = ((String) volume).split(":");
            mounts.put(parts[1], parts[0]);
        }
        return mounts;
    }

    private List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panels::add);
        return panels;
    }
}
