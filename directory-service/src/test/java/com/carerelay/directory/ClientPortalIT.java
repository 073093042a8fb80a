package com.carerelay.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.carerelay.directory.staff.Role;
import com.carerelay.events.DirectoryChanged;
import com.carerelay.events.DirectoryChanged.PortalStatus;
import com.carerelay.testing.Http;
import com.carerelay.testing.TestTokens;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ClientPortalIT extends DirectoryTestBase {

    private record Person(Tenant tenant, String id, String token) {
    }

    private Person newClient(String portalStatus) {
        Tenant tenant = newPractice(true, false);
        String id = created(http().post("/api/v1/clients", tenant.admin(), """
                {"firstName":"Ana","lastName":"Lima","email":"%s@client.example","phone":"+351 21 000 0000",
                 "timeZone":"Europe/Lisbon","locale":"pt-PT","portalStatus":"%s"}""".formatted(unique("ana"),
                portalStatus.equals("active") ? "invited" : portalStatus))).get("id").asString();
        if (portalStatus.equals("active")) {
            ok(http().post("/api/v1/clients/" + id + "/portal/activate", tenant.admin(), ""));
        }
        return new Person(tenant, id, TestTokens.client(UUID.fromString(id), tenant.id()));
    }

    /** A staff member of the practice with exactly what {@code role} grants. */
    private static String member(Role role, UUID practiceId) {
        return TestTokens.token(UUID.randomUUID(), "staff", practiceId, Role.permissionsOf(List.of(role)));
    }

    private static void refused(Http.Response response, String permission) {
        problem(response, 403, null);
        assertThat(response.json().get("detail").asString()).as(response.toString()).contains(permission);
    }

    private static void assertContactDetailsHidden(JsonNode client) {
        for (String field : new String[]{"email", "phone", "emailNotifications", "pushNotifications"}) {
            assertThat(client.get(field).isNull()).as(field + " in " + client).isTrue();
        }
    }

    private static String p256dh() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        ECPublicKey key = (ECPublicKey) generator.generateKeyPair().getPublic();
        byte[] point = new byte[65];
        point[0] = 4;
        copy32(key.getW().getAffineX(), point, 1);
        copy32(key.getW().getAffineY(), point, 33);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(point);
    }

    private static void copy32(BigInteger value, byte[] into, int offset) {
        byte[] bytes = value.toByteArray();
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, into, offset + 32 - length, length);
    }

    private static String auth() {
        byte[] secret = new byte[16];
        new java.security.SecureRandom().nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    private static String subscription(String endpoint, String p256dh, String auth) {
        return """
                {"endpoint":"%s","expirationTime":null,"keys":{"p256dh":"%s","auth":"%s"}}""".formatted(endpoint, p256dh, auth);
    }

    @Test
    void staffWithoutADirectoryPermissionCannotListOrReadClients() {
        Person client = newClient("active");
        String staff = member(Role.staff, client.tenant().id());
        String path = "/api/v1/clients/" + client.id();

        refused(http().get("/api/v1/clients", staff), "directory:read-clients");
        refused(http().get(path, staff), "directory:read-clients");
        refused(http().get(path + "/preferences", staff), "directory:admin");
        refused(http().get(path + "/push-subscriptions", staff), "directory:admin");
    }

    @Test
    void staffWhoMessageClientsSeeWhatAddressingThemNeedsButNoContactDetails() {
        Person client = newClient("active");
        String path = "/api/v1/clients/" + client.id();

        for (Role role : new Role[]{Role.clinician, Role.front_desk, Role.compliance}) {
            String staff = member(role, client.tenant().id());
            JsonNode listed = ok(http().get("/api/v1/clients", staff)).get("items");
            assertThat(listed.findValuesAsString("id")).as(role.name()).containsExactly(client.id());
            JsonNode read = ok(http().get(path, staff));
            for (JsonNode seen : new JsonNode[]{listed.get(0), read}) {
                assertThat(seen.get("firstName").asString()).isEqualTo("Ana");
                assertThat(seen.get("lastName").asString()).isEqualTo("Lima");
                assertThat(seen.get("portalStatus").asString()).isEqualTo("active");
                assertThat(seen.get("timeZone").asString()).isEqualTo("Europe/Lisbon");
                assertThat(seen.get("locale").asString()).isEqualTo("pt-PT");
                assertContactDetailsHidden(seen);
            }
            refused(http().get(path + "/preferences", staff), "directory:admin");
            refused(http().get(path + "/push-subscriptions", staff), "directory:admin");
        }
    }

    @Test
    void directoryAdminsAndTheClientThemselvesSeeContactDetails() {
        Person client = newClient("active");
        String path = "/api/v1/clients/" + client.id();
        String admin = member(Role.admin, client.tenant().id());

        JsonNode listed = ok(http().get("/api/v1/clients", admin)).get("items").get(0);
        for (JsonNode seen : new JsonNode[]{listed, ok(http().get(path, admin)), ok(http().get(path, client.token()))}) {
            assertThat(seen.get("email").asString()).endsWith("@client.example");
            assertThat(seen.get("phone").asString()).isEqualTo("+351 21 000 0000");
            assertThat(seen.get("emailNotifications").asBoolean()).isTrue();
            assertThat(seen.get("pushNotifications").isBoolean()).isTrue();
        }
        assertThat(ok(http().get(path + "/preferences", admin)).get("emailNotifications").asBoolean()).isTrue();
        assertThat(ok(http().get(path + "/push-subscriptions", admin)).size()).isZero();
        problem(http().get("/api/v1/clients", client.token()), 403, null);
    }

    @Test
    void anotherPracticesClientIdAnswers404() {
        Person client = newClient("active");
        Person elsewhere = newClient("active");
        String path = "/api/v1/clients/" + client.id();

        for (Role role : new Role[]{Role.admin, Role.clinician}) {
            String other = member(role, elsewhere.tenant().id());
            problem(http().get(path, other), 404, null);
            assertThat(ok(http().get("/api/v1/clients", other)).get("items").findValuesAsString("id"))
                    .containsExactly(elsewhere.id());
        }
        problem(http().get(path + "/preferences", member(Role.admin, elsewhere.tenant().id())), 404, null);
        problem(http().get(path, elsewhere.token()), 404, null);
        problem(http().get(path, TestTokens.client(UUID.fromString(client.id()), elsewhere.tenant().id())), 404, null);
    }

    @Test
    void refusesUnknownTimeZonesAndLocalesByName() {
        Tenant tenant = newPractice(true, false);
        long before = jdbc.queryForObject("select count(*) from client where practice_id = ?", Long.class, tenant.id());

        problem(http().post("/api/v1/clients", tenant.admin(), """
                {"firstName":"A","lastName":"B","timeZone":"Mars/Olympus_Mons"}"""), 400, "timeZone");
        problem(http().post("/api/v1/clients", tenant.admin(), """
                {"firstName":"A","lastName":"B","locale":"not a locale!"}"""), 400, "locale");
        problem(http().post("/api/v1/clients", tenant.admin(), """
                {"firstName":"A","lastName":"B","locale":"zz-ZZ"}"""), 400, "locale");
        problem(http().post("/api/v1/clients", tenant.admin(), """
                {"firstName":"A","lastName":"B","portalStatus":"active"}"""), 400, "portalStatus");

        assertThat(jdbc.queryForObject("select count(*) from client where practice_id = ?", Long.class, tenant.id()))
                .isEqualTo(before);
        JsonNode ok = created(http().post("/api/v1/clients", tenant.admin(), """
                {"firstName":"A","lastName":"B","timeZone":"Asia/Kolkata","locale":"hi-IN"}"""));
        assertThat(ok.get("timeZone").asString()).isEqualTo("Asia/Kolkata");
        assertThat(ok.get("locale").asString()).isEqualTo("hi-IN");
    }

    @Test
    void portalInvitationMovesOnlyAlongItsTransitions() {
        Person client = newClient("not_invited");
        String admin = client.tenant().admin();
        String base = "/api/v1/clients/" + client.id() + "/portal/";

        problem(http().post(base + "activate", admin, ""), 409, "portalStatus");
        assertThat(ok(http().post(base + "invite", admin, "")).get("portalStatus").asString()).isEqualTo("invited");
        assertThat(ok(http().post(base + "activate", client.token(), "")).get("portalStatus").asString()).isEqualTo("active");
        problem(http().post(base + "invite", admin, ""), 409, "portalStatus");
        problem(http().post(base + "revoke", client.token(), ""), 403, null);
        assertThat(ok(http().post(base + "revoke", admin, "")).get("portalStatus").asString()).isEqualTo("revoked");
        problem(http().post(base + "activate", admin, ""), 409, "portalStatus");
        problem(http().put("/api/v1/clients/" + client.id(), admin, """
                {"firstName":"Ana","lastName":"Lima","portalStatus":"active"}"""), 409, "portalStatus");
        assertThat(ok(http().post(base + "invite", admin, "")).get("portalStatus").asString()).isEqualTo("invited");

        assertThat(change(client.id(), c -> c.client().portalStatus() == PortalStatus.invited && c.version() == 5)
                .client().lastName()).isEqualTo("Lima");
    }

    @Test
    void clientsChangeOnlyTheirOwnPreferences() {
        Person client = newClient("invited");
        Person stranger = newClient("invited");
        String path = "/api/v1/clients/" + client.id() + "/preferences";

        JsonNode changed = ok(http().put(path, client.token(), """
                {"emailNotifications":false,"pushNotifications":true}"""));
        assertThat(changed.get("emailNotifications").asBoolean()).isFalse();
        assertThat(changed.get("pushNotifications").asBoolean()).isTrue();
        assertThat(ok(http().get(path, client.token())).get("pushNotifications").asBoolean()).isTrue();

        problem(http().put(path, TestTokens.client(UUID.fromString(stranger.id()), client.tenant().id()), """
                {"emailNotifications":true,"pushNotifications":true}"""), 404, null);
        problem(http().get(path, TestTokens.client(UUID.fromString(stranger.id()), client.tenant().id())), 404, null);
        problem(http().put(path, TestTokens.staff(UUID.randomUUID(), client.tenant().id(), "message:send"), """
                {"emailNotifications":true,"pushNotifications":true}"""), 403, null);
        problem(http().put(path, client.token(), """
                {"emailNotifications":true}"""), 400, "pushNotifications");
        problem(http().get(path, stranger.tenant().admin()), 404, null);

        DirectoryChanged change = change(client.id(), c -> c.client().pushNotifications() && !c.client().emailNotifications());
        assertThat(change.client().firstName()).isEqualTo("Ana");
    }

    @Test
    void clientsAddAndRemoveTheirPushSubscriptionsAndReplicasGetThem() throws Exception {
        Person client = newClient("active");
        String path = "/api/v1/clients/" + client.id() + "/push-subscriptions";
        String endpoint = "https://push.example.net/wpush/v2/" + UUID.randomUUID();
        String p256dh = p256dh();
        String auth = auth();

        JsonNode added = created(http().post(path, client.token(), subscription(endpoint, p256dh, auth)));
        assertThat(added.get("endpoint").asString()).isEqualTo(endpoint);
        assertThat(ok(http().get(path, client.token())).findValuesAsString("endpoint")).containsExactly(endpoint);

        DirectoryChanged subscribed = change(client.id(), c -> !c.client().pushSubscriptions().isEmpty());
        assertThat(subscribed.client().pushSubscriptions()).containsExactly(
                new DirectoryChanged.PushSubscription(endpoint, p256dh, auth));

        Person stranger = newClient("active");
        problem(http().post("/api/v1/clients/" + stranger.id() + "/push-subscriptions", stranger.token(),
                subscription(endpoint, p256dh, auth)), 409, "endpoint");
        problem(http().delete(path + "/" + added.get("id").asString(),
                TestTokens.client(UUID.fromString(stranger.id()), client.tenant().id())), 404, null);

        Http.Response removed = http().delete(path + "/" + added.get("id").asString(), client.token());
        assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
        assertThat(ok(http().get(path, client.token())).size()).isZero();
        change(client.id(), c -> c.client().pushSubscriptions().isEmpty() && c.version() > subscribed.version());
    }

    @Test
    void refusesPushSubscriptionsWithBadEndpointsOrKeys() throws Exception {
        Person client = newClient("active");
        String path = "/api/v1/clients/" + client.id() + "/push-subscriptions";
        String p256dh = p256dh();
        String auth = auth();

        problem(http().post(path, client.token(), subscription("http://push.example.net/x", p256dh, auth)), 400, "endpoint");
        problem(http().post(path, client.token(), subscription("not a url", p256dh, auth)), 400, "endpoint");
        problem(http().post(path, client.token(), subscription("https://push.example.net/x", auth, auth)), 400, "keys.p256dh");
        problem(http().post(path, client.token(), subscription("https://push.example.net/x", p256dh + "+/", auth)), 400,
                "keys.p256dh");
        problem(http().post(path, client.token(), subscription("https://push.example.net/x", p256dh, p256dh)), 400, "keys.auth");
        problem(http().post(path, client.tenant().admin(), subscription("https://push.example.net/x", p256dh, auth)), 403, null);
        assertThat(jdbc.queryForObject("select count(*) from client_push_subscription where client_id = ?::uuid",
                Long.class, client.id())).isZero();
    }
}
