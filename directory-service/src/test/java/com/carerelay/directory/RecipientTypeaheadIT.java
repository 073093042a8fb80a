package com.carerelay.directory;

import com.carerelay.testing.TestPki;
import static org.assertj.core.api.Assertions.assertThat;

import com.carerelay.testing.Http;
import com.carerelay.testing.TestTokens;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class RecipientTypeaheadIT extends DirectoryTestBase {

    /** A practice with one of everything the typeahead may or must not suggest. */
    private record Directory(Tenant tenant, String staffToken, String dana, String zoe, String inactive, String group,
                             String invited, String active, String revoked, String notInvited, String contact) {
    }

    private Directory seed(boolean portal, boolean direct) {
        Tenant tenant = newPractice(portal, direct);
        String dana = staff(tenant, "Dana", "Reyes", true);
        String zoe = staff(tenant, "Zoë", "Ångström-Núñez", true);
        String inactive = staff(tenant, "Danuta", "Gone", false);
        String group = created(http().post("/api/v1/groups", tenant.admin(), """
                {"name":"Danube Care Team","memberIds":["%s","%s","%s"]}""".formatted(dana, zoe, inactive)))
                .get("id").asString();
        String invited = client(tenant, "Danielle", "O'Brien", "Dani", "invited");
        String active = client(tenant, "Daniel", "Okafor", null, "invited");
        ok(http().post("/api/v1/clients/" + active + "/portal/activate", tenant.admin(), ""));
        String revoked = client(tenant, "Dante", "Revoked", null, "invited");
        ok(http().post("/api/v1/clients/" + revoked + "/portal/revoke", tenant.admin(), ""));
        String notInvited = client(tenant, "Danny", "Uninvited", null, "not_invited");
        String address = unique("dana.whitfield") + "@direct.mercy.example";
        String contact = created(http().post("/api/v1/direct-contacts", tenant.admin(), Http.JSON.createObjectNode()
                .put("name", "Dr. Dana Whitfield").put("organization", "Mercy Hospital").put("directAddress", address)
                .put("certificatePem", TestPki.encryption(TestPki.TRUSTED_CA, address).certificatePem()).toString()))
                .get("id").asString();
        return new Directory(tenant, TestTokens.staff(UUID.randomUUID(), tenant.id(), "message:send",
                "message:send-client", "message:send-direct"), dana, zoe,
                inactive, group, invited, active, revoked, notInvited, contact);
    }

    private String staff(Tenant tenant, String first, String last, boolean active) {
        return created(http().post("/api/v1/staff", tenant.admin(), Http.JSON.createObjectNode().put("firstName", first)
                .put("lastName", last).put("email", unique(first.toLowerCase()) + "@clinic.example").put("active", active)
                .set("roles", Http.JSON.createArrayNode().add("clinician")).toString())).get("id").asString();
    }

    private String client(Tenant tenant, String first, String last, String preferred, String status) {
        return created(http().post("/api/v1/clients", tenant.admin(), Http.JSON.createObjectNode().put("firstName", first)
                .put("lastName", last).put("preferredName", preferred).put("email", unique("c") + "@client.example")
                .put("portalStatus", status).toString())).get("id").asString();
    }

    private JsonNode search(String token, String q) {
        return ok(http().get("/api/v1/recipients?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), token)).get("items");
    }

    private static List<String> ids(JsonNode items) {
        return items.findValuesAsString("id");
    }

    @Test
    void matchesTheStartOfAnyNamePartAcrossKindsAndLeavesOutWhatCannotBeMessaged() {
        Directory d = seed(true, true);

        JsonNode items = search(d.staffToken(), "dan");

        assertThat(ids(items)).containsExactlyInAnyOrder(d.dana(), d.group(), d.invited(), d.active(), d.contact());
        assertThat(ids(items)).doesNotContain(d.inactive(), d.revoked(), d.notInvited());
        assertThat(items.findValuesAsString("kind")).containsExactly("staff", "group", "client", "client", "direct_contact");

        JsonNode group = items.get(1);
        assertThat(group.get("displayName").asString()).isEqualTo("Danube Care Team");
        assertThat(group.get("memberCount").asInt()).isEqualTo(2);
        assertThat(group.get("detail").asString()).isEqualTo("2 members");
        assertThat(items.get(0).get("detail").asString()).endsWith("@clinic.example");
        assertThat(items.get(4).get("detail").asString()).contains("@direct.mercy.example").contains("Mercy Hospital");

        assertThat(ids(search(d.staffToken(), "reyes"))).containsExactly(d.dana());
        assertThat(ids(search(d.staffToken(), "eyes"))).isEmpty();
        assertThat(ids(search(d.staffToken(), "mercy"))).containsExactly(d.contact());
        assertThat(ids(search(d.staffToken(), "care"))).containsExactly(d.group());
    }

    @Test
    void ignoresCaseAndAccentsAndPunctuationInNames() {
        Directory d = seed(true, true);

        assertThat(ids(search(d.staffToken(), "zoe"))).containsExactly(d.zoe());
        assertThat(ids(search(d.staffToken(), "ZOË"))).containsExactly(d.zoe());
        assertThat(ids(search(d.staffToken(), "angst"))).containsExactly(d.zoe());
        assertThat(ids(search(d.staffToken(), "nunez"))).containsExactly(d.zoe());
        assertThat(ids(search(d.staffToken(), "brien"))).containsExactly(d.invited());
        assertThat(ids(search(d.staffToken(), "O'Bri"))).containsExactly(d.invited());
        assertThat(ids(search(d.staffToken(), "dani"))).contains(d.invited(), d.active());
        JsonNode preferred = search(d.staffToken(), "O'Brien").get(0);
        assertThat(preferred.get("displayName").asString()).isEqualTo("Danielle O'Brien (Dani)");
    }

    @Test
    void severalWordsMustEachStartANamePartAndExactPartsRankFirst() {
        Directory d = seed(true, true);

        assertThat(ids(search(d.staffToken(), "dana rey"))).containsExactly(d.dana());
        assertThat(ids(search(d.staffToken(), "rey dana"))).containsExactly(d.dana());
        assertThat(ids(search(d.staffToken(), "dana whit"))).containsExactly(d.contact());
        assertThat(ids(search(d.staffToken(), "dana zzz"))).isEmpty();

        JsonNode dana = search(d.staffToken(), "dana");
        assertThat(ids(dana)).containsExactly(d.dana(), d.contact());
        JsonNode daniel = search(d.staffToken(), "daniel");
        assertThat(ids(daniel).getFirst()).isEqualTo(d.active());
        assertThat(ids(daniel)).containsExactly(d.active(), d.invited());
    }

    @Test
    void practiceSwitchesDecideWhetherClientsAndDirectContactsAreOffered() {
        Directory d = seed(true, true);
        String settings = """
                {"name":"Switched","senderEmail":"no-reply@switched.example","portalMessagingEnabled":%s,
                 "directMessagingEnabled":%s}""";

        ok(http().put("/api/v1/practice", d.tenant().admin(), settings.formatted(false, true)));
        assertThat(ids(search(d.staffToken(), "dan"))).containsExactlyInAnyOrder(d.dana(), d.group(), d.contact());

        ok(http().put("/api/v1/practice", d.tenant().admin(), settings.formatted(true, false)));
        assertThat(ids(search(d.staffToken(), "dan")))
                .containsExactlyInAnyOrder(d.dana(), d.group(), d.invited(), d.active());
    }

    @Test
    void neverReturnsAnotherPracticesEntries() {
        Directory mine = seed(true, true);
        Directory theirs = seed(true, true);

        List<String> found = ids(search(mine.staffToken(), "dan"));

        assertThat(found).hasSize(5).doesNotContain(theirs.dana(), theirs.group(), theirs.invited(), theirs.active(),
                theirs.contact());
    }

    @Test
    void followsChangesInTheSameTransaction() {
        Directory d = seed(true, true);

        ok(http().put("/api/v1/staff/" + d.zoe(), d.tenant().admin(), """
                {"firstName":"Zoë","lastName":"Ångström-Núñez","email":"zoe.%s@clinic.example","active":false,
                 "roles":["clinician"]}""".formatted(UUID.randomUUID())));
        assertThat(ids(search(d.staffToken(), "zoe"))).isEmpty();
        assertThat(search(d.staffToken(), "danube").get(0).get("memberCount").asInt()).isEqualTo(1);

        ok(http().put("/api/v1/staff/" + d.dana(), d.tenant().admin(), """
                {"firstName":"Dana","lastName":"Castillo","email":"dana.%s@clinic.example","roles":["clinician"]}"""
                .formatted(UUID.randomUUID())));
        assertThat(ids(search(d.staffToken(), "reyes"))).isEmpty();
        assertThat(ids(search(d.staffToken(), "castillo"))).containsExactly(d.dana());

        ok(http().post("/api/v1/clients/" + d.invited() + "/portal/revoke", d.tenant().admin(), ""));
        assertThat(ids(search(d.staffToken(), "brien"))).isEmpty();

        assertThat(http().delete("/api/v1/groups/" + d.group(), d.tenant().admin()).status()).isEqualTo(204);
        assertThat(ids(search(d.staffToken(), "danube"))).isEmpty();
        assertThat(http().delete("/api/v1/direct-contacts/" + d.contact(), d.tenant().admin()).status()).isEqualTo(204);
        assertThat(ids(search(d.staffToken(), "whitfield"))).isEmpty();
    }

    @Test
    void offersOnlyTheKindsTheCallerMayMessage() {
        Directory d = seed(true, true);
        UUID caller = UUID.randomUUID();

        assertThat(search(TestTokens.staff(caller, d.tenant().id(), "message:send"), "dan")
                .findValuesAsString("kind")).containsOnly("staff", "group");
        assertThat(search(TestTokens.staff(caller, d.tenant().id(), "message:send", "message:send-client"), "dan")
                .findValuesAsString("kind")).containsOnly("staff", "group", "client");
        assertThat(search(TestTokens.staff(caller, d.tenant().id(), "message:send", "message:send-direct"), "dan")
                .findValuesAsString("kind")).containsOnly("staff", "group", "direct_contact");
        assertThat(search(TestTokens.staff(caller, d.tenant().id()), "dan")).as("no message:send, nobody").isEmpty();
    }

    @Test
    void validatesItsParametersAndIsForStaffOnly() {
        Directory d = seed(true, true);

        problem(http().get("/api/v1/recipients?q=", d.staffToken()), 400, "q");
        problem(http().get("/api/v1/recipients?q=%27%27", d.staffToken()), 400, "q");
        problem(http().get("/api/v1/recipients?q=dan&limit=0", d.staffToken()), 400, "limit");
        problem(http().get("/api/v1/recipients?q=dan&limit=51", d.staffToken()), 400, "limit");
        problem(http().get("/api/v1/recipients?q=dan", TestTokens.client(UUID.fromString(d.active()), d.tenant().id())),
                403, null);
        assertThat(ok(http().get("/api/v1/recipients?q=dan&limit=2", d.staffToken())).get("items").size()).isEqualTo(2);
    }
}
