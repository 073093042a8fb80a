package com.carerelay.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.carerelay.testing.Http;
import com.carerelay.testing.TestTokens;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The platform's error handling as every service gets it, once, on a real server: text PostgreSQL
 * cannot store is a 400 naming the field wherever it appears in a body or the query, and a database
 * outage is a 503 with Retry-After.
 */
@SpringBootTest(classes = ApiErrorsTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "management.endpoint.health.group.readiness.include=readinessState"})
class ApiErrorsTest {

    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", TestTokens::jwkSetUri);
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> TestTokens.ISSUER);
    }

    @LocalServerPort
    int port;

    final String token = TestTokens.staff(UUID.randomUUID(), UUID.randomUUID());

    @Test
    void aNulCharacterAnywhereInABodyIsA400NamingTheField() {
        assertRefused(post("{\"subject\":\"Hi\\u0000there\"}"), "subject", "NUL");
        assertRefused(post("{\"subject\":\"ok\",\"tags\":[\"a\",\"b\\u0000\"]}"), "tags[1]", "NUL");
        assertRefused(post("{\"subject\":\"ok\",\"variables\":{\"when\":\"\\u0000\"}}"), "variables.when", "NUL");
        assertRefused(post("{\"subject\":\"ok\",\"nested\":{\"name\":\"x\\u0000\"}}"), "nested.name", "NUL");
        assertRefused(post("{\"subject\":\"ok\",\"variables\":{\"bad\\u0000key\":\"x\"}}"), "variables", "NUL");
    }

    @Test
    void aLoneSurrogateIsRefusedButRealEmojiAndMarkupPassUnchanged() {
        assertRefused(post("{\"subject\":\"broken \\ud83d\"}"), "subject", "incomplete Unicode");
        Http.Response fine = post("{\"subject\":\"O'Brien & <Co> \\ud83d\\ude00\"}");
        assertThat(fine.status()).as(fine.toString()).isEqualTo(200);
        assertThat(fine.json().get("subject").asString()).isEqualTo("O'Brien & <Co> \uD83D\uDE00");
    }

    @Test
    void aNulCharacterInAQueryParameterIsA400NamingTheParameterAfterAuthentication() {
        assertRefused(http().get("/search?q=ab%00c", token), "q", "NUL");
        assertThat(http().get("/search?q=ab%00c", null).status()).as("no token is still 401 first").isEqualTo(401);
        assertThat(http().get("/search?q=abc", token).status()).isEqualTo(200);
    }

    @Test
    void aDatabaseOutageIsA503WithRetryAfterNotA500() {
        Http.Response outage = http().get("/outage", token);
        assertThat(outage.status()).as(outage.toString()).isEqualTo(503);
        assertThat(outage.isProblem()).isTrue();
        assertThat(outage.raw().headers().firstValue("Retry-After")).hasValue("5");
        assertThat(outage.json().get("detail").asString()).contains("database").doesNotContain("Connection");
    }

    private static void assertRefused(Http.Response response, String field, String words) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.isProblem()).isTrue();
        JsonNode problem = response.json();
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo(field);
        assertThat(problem.get("detail").asString()).startsWith(field + ":").contains(words);
    }

    private Http.Response post(String json) {
        return http().post("/echo", token, json);
    }

    private Http http() {
        return Http.localhost(port);
    }

    record Nested(String name) {
    }

    record Echo(String subject, List<String> tags, Map<String, String> variables, Nested nested) {
    }

    @SpringBootApplication
    @RestController
    static class App {

        @PostMapping("/echo")
        Echo echo(@RequestBody Echo echo) {
            return echo;
        }

        @GetMapping("/search")
        Map<String, String> search(@RequestParam String q) {
            return Map.of("q", q);
        }

        @GetMapping("/outage")
        Map<String, String> outage() {
            throw new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                    new SQLTransientConnectionException("HikariPool-1 - Connection is not available"));
        }
    }
}
