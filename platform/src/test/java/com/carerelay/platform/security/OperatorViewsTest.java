package com.carerelay.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.carerelay.testing.Http;
import com.carerelay.testing.TestTokens;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Outside the local stack and tests, Prometheus metrics, the OpenAPI document and Swagger UI need a
 * token like every API (they tell an attacker how to call the service and what it does); health
 * stays open for the orchestrator's probes.
 */
@SpringBootTest(classes = OperatorViewsTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "management.endpoint.health.group.readiness.include=readinessState",
                "management.endpoints.web.exposure.include=health,metrics"})
class OperatorViewsTest {

    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", TestTokens::jwkSetUri);
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> TestTokens.ISSUER);
    }

    @LocalServerPort
    int port;

    @Test
    void metricsAndApiDocsNeedATokenByDefault() {
        Http http = Http.localhost(port);
        for (String path : new String[]{"/actuator/prometheus", "/v3/api-docs", "/swagger-ui/index.html", "/swagger-ui.html"}) {
            assertThat(http.get(path, null).status()).as(path).isEqualTo(401);
        }
        String token = TestTokens.staff(UUID.randomUUID(), UUID.randomUUID());
        assertThat(http.get("/actuator/prometheus", token).status()).as("with a token, past security").isNotEqualTo(401);
    }

    @Test
    void healthProbesStayOpen() {
        assertThat(Http.localhost(port).get("/actuator/health/liveness", null).status()).isEqualTo(200);
    }

    @SpringBootApplication
    static class App {
    }
}
