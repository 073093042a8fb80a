package com.carerelay.directory;

import static com.carerelay.directory.demo.DemoData.ALEX;
import static com.carerelay.directory.demo.DemoData.CARE_TEAM;
import static com.carerelay.directory.demo.DemoData.DANA;
import static com.carerelay.directory.demo.DemoData.LAKESIDE;
import static com.carerelay.directory.demo.DemoData.MORGAN;
import static com.carerelay.directory.demo.DemoData.PAT;
import static com.carerelay.directory.demo.DemoData.QUINN;
import static com.carerelay.directory.demo.DemoData.SUNRISE;
import static org.assertj.core.api.Assertions.assertThat;

import com.carerelay.events.DirectoryChanged;
import com.carerelay.events.Topics;
import com.carerelay.testing.Http;
import com.carerelay.testing.RealServers;
import com.carerelay.testing.TestTokens;
import com.carerelay.testing.TopicReader;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import tools.jackson.databind.JsonNode;

class DirectoryIT extends DirectoryTestBase {

    String admin() {
        return TestTokens.staff(MORGAN, SUNRISE, "directory:admin", "directory:read-clients", "message:send");
    }

    @Test
    void adminCreatesStaffAndTheChangeGoesToTheCompactedDirectoryTopic() throws Exception {
        Http.Response created = http().post("/api/v1/staff", admin(), """
                {"firstName":"Taylor","lastName":"Nguyen","email":"taylor.%s@sunrise.example","roles":["clinician"]}"""
                .formatted(UUID.randomUUID()));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.json().get("permissions").toString()).contains("message:send");

        TopicReader.Seen seen = TopicReader.await(RealServers.kafkaBootstrapServers(), Topics.DIRECTORY,
                record -> id.equals(record.key()), Duration.ofSeconds(30));
        assertThat(seen.headers()).containsEntry("ce_type", DirectoryChanged.TYPE);
        DirectoryChanged change = seen.event().payload(DirectoryChanged.class);
        assertThat(change.staff().lastName()).isEqualTo("Nguyen");
        assertThat(change.staff().roles()).as("roles travel with the staff member, for audit's role at the time")
                .containsExactly("clinician");
        assertThat(change.practiceId()).isEqualTo(SUNRISE);

        try (Admin kafkaAdmin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                RealServers.kafkaBootstrapServers()))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.DIRECTORY);
            Config config = kafkaAdmin.describeConfigs(Set.of(topic)).all().get().get(topic);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    @Test
    void aPageSizeOutOfRangeIsA400NamingIt() {
        for (String list : new String[] {"staff", "clients", "groups", "direct-contacts"}) {
            problem(http().get("/api/v1/" + list + "?size=0", admin()), 400, "size");
            problem(http().get("/api/v1/" + list + "?page=-1", admin()), 400, "page");
        }
    }

    @Test
    void everyChangeBumpsTheVersionSoReplicasKeepTheLatest() {
        String id = http().post("/api/v1/clients", admin(), """
                {"firstName":"Robin","lastName":"Hale","email":"robin.%s@client.example"}""".formatted(UUID.randomUUID()))
                .json().get("id").asString();
        Http.Response updated = http().put("/api/v1/clients/" + id, admin(), """
                {"firstName":"Robin","lastName":"Hale-Moore","portalStatus":"invited"}""");
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);

        TopicReader.Seen latest = TopicReader.await(RealServers.kafkaBootstrapServers(), Topics.DIRECTORY,
                record -> id.equals(record.key()) && record.event().payload(DirectoryChanged.class).version() == 2,
                Duration.ofSeconds(30));
        assertThat(latest.event().payload(DirectoryChanged.class).client().lastName()).isEqualTo("Hale-Moore");
    }

    @Test
    void refusesWithoutAToken() {
        Http.Response response = http().get("/api/v1/staff", null);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.isProblem()).isTrue();
    }

    @Test
    void changesNeedDirectoryAdmin() {
        Http.Response response = http().post("/api/v1/staff", TestTokens.staff(DANA, SUNRISE, "message:send"), """
                {"firstName":"X","lastName":"Y","email":"x@sunrise.example","roles":["staff"]}""");
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().get("detail").asString()).contains("directory:admin");
    }

    @Test
    void clientsCannotListTheDirectory() {
        assertThat(http().get("/api/v1/staff", TestTokens.client(UUID.randomUUID(), SUNRISE)).status()).isEqualTo(403);
    }

    @Test
    void anotherPracticesIdsAnswer404() {
        String quinn = TestTokens.staff(QUINN, LAKESIDE, "directory:admin", "directory:read-clients");
        for (String path : new String[]{"/api/v1/staff/" + DANA, "/api/v1/groups/" + CARE_TEAM,
                "/api/v1/clients/" + com.carerelay.directory.demo.DemoData.JORDAN}) {
            Http.Response response = http().get(path, quinn);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.isProblem()).isTrue();
        }
        assertThat(http().put("/api/v1/staff/" + DANA, quinn, """
                {"firstName":"X","lastName":"Y","email":"x@lakeside.example","roles":["staff"]}""").status()).isEqualTo(404);
    }

    @Test
    void refusesInvalidFieldsByNameAndDuplicatesWith409() {
        long before = jdbc.queryForObject("select count(*) from staff", Long.class);
        Http.Response missing = http().post("/api/v1/staff", admin(), """
                {"firstName":"X","lastName":"Y","roles":["staff"]}""");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("detail").asString()).contains("email");

        Http.Response badRole = http().post("/api/v1/staff", admin(), """
                {"firstName":"X","lastName":"Y","email":"z@sunrise.example","roles":["wizard"]}""");
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(badRole.json().get("detail").asString()).contains("roles");

        Http.Response duplicate = http().post("/api/v1/staff", admin(), """
                {"firstName":"Dana","lastName":"Again","email":"DANA@sunrise.example","roles":["staff"]}""");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.isProblem()).isTrue();
        assertThat(jdbc.queryForObject("select count(*) from staff", Long.class)).isEqualTo(before);
    }

    @Test
    void groupExpandsToItsActiveMembers() {
        JsonNode members = http().get("/api/v1/groups/" + CARE_TEAM + "/members", admin()).json();
        assertThat(members.findValuesAsString("id")).contains(DANA.toString(), PAT.toString());

        Http.Response unknownMember = http().put("/api/v1/groups/" + CARE_TEAM, admin(), """
                {"name":"Care Team","memberIds":["%s","%s"]}""".formatted(DANA, QUINN));
        assertThat(unknownMember.status()).isEqualTo(400);
        assertThat(unknownMember.json().get("detail").asString()).contains("memberIds[1]");
    }

    @Test
    void developmentIssuerSignsTokensTheJwksVerifies() {
        Http.Response issued = http().post("/dev/tokens", null, "{\"email\":\"alex@sunrise.example\"}");
        assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
        String token = issued.json().get("access_token").asString();

        Jwt jwt = NimbusJwtDecoder.withJwkSetUri("http://localhost:" + port + "/oauth2/jwks").build().decode(token);
        assertThat(jwt.getSubject()).isEqualTo(ALEX.toString());
        assertThat(jwt.getClaimAsString("kind")).isEqualTo("staff");
        assertThat(jwt.getClaimAsString("tenant")).isEqualTo(SUNRISE.toString());
        assertThat(jwt.getClaimAsStringList("permissions")).containsExactly("audit:read", "directory:read-clients");

        Http.Response client = http().post("/dev/tokens", null, "{\"email\":\"jordan@client.example\"}");
        Jwt clientJwt = NimbusJwtDecoder.withJwkSetUri("http://localhost:" + port + "/oauth2/jwks").build()
                .decode(client.json().get("access_token").asString());
        assertThat(clientJwt.getClaimAsString("kind")).isEqualTo("client");

        Http.Response notInvited = http().post("/dev/tokens", null, "{\"email\":\"casey@client.example\"}");
        assertThat(notInvited.status()).isEqualTo(404);
        assertThat(notInvited.isProblem()).isTrue();
    }

}
