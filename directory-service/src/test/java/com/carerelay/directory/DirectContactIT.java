package com.carerelay.directory;

import com.carerelay.testing.TestPki;
import static org.assertj.core.api.Assertions.assertThat;

import com.carerelay.events.DirectoryChanged;
import com.carerelay.testing.Http;
import com.carerelay.testing.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class DirectContactIT extends DirectoryTestBase {

    private static String contact(String name, String address, String certificatePem) {
        ObjectNode body = Http.JSON.createObjectNode();
        body.put("name", name);
        body.put("organization", "Mercy General Hospital");
        body.put("directAddress", address);
        body.put("certificatePem", certificatePem);
        return body.toString();
    }

    private static String address() {
        return unique("dr.whitfield") + "@direct.mercy.example";
    }

    @Test
    void adminCreatesReadsUpdatesAndDeletesAContactAndReplicasFollow() {
        Tenant tenant = newPractice(true, true);
        String address = address();
        TestPki.Issued certificate = TestPki.encryption(TestPki.TRUSTED_CA, address);

        JsonNode created = created(http().post("/api/v1/direct-contacts", tenant.admin(),
                contact("Dr. Eleanor Whitfield", address, certificate.certificatePem())));
        String id = created.get("id").asString();
        assertThat(created.get("status").asString()).isEqualTo("active");
        assertThat(created.get("certificateNotAfter").asString()).isNotBlank();

        DirectoryChanged published = change(id, c -> c.entityKind() == DirectoryChanged.EntityKind.direct_contact);
        assertThat(published.directContact()).isEqualTo(new DirectoryChanged.DirectContact("Dr. Eleanor Whitfield",
                "Mercy General Hospital", address, created.get("certificatePem").asString(), true));
        assertThat(published.directContact().certificatePem()).contains("BEGIN CERTIFICATE");

        String staff = TestTokens.staff(UUID.randomUUID(), tenant.id(), "message:send");
        assertThat(ok(http().get("/api/v1/direct-contacts/" + id, staff)).get("name").asString())
                .isEqualTo("Dr. Eleanor Whitfield");
        assertThat(ok(http().get("/api/v1/direct-contacts?size=10", staff)).get("total").asLong()).isEqualTo(1);

        ObjectNode inactive = (ObjectNode) Http.JSON.readTree(contact("Dr. Eleanor Whitfield", address,
                certificate.certificatePem()));
        inactive.put("status", "inactive");
        assertThat(ok(http().put("/api/v1/direct-contacts/" + id, tenant.admin(), inactive.toString()))
                .get("status").asString()).isEqualTo("inactive");
        assertThat(change(id, c -> c.version() == 2).directContact().active()).isFalse();

        Http.Response deleted = http().delete("/api/v1/direct-contacts/" + id, tenant.admin());
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        problem(http().get("/api/v1/direct-contacts/" + id, staff), 404, null);
        DirectoryChanged tombstone = change(id, DirectoryChanged::deleted);
        assertThat(tombstone.version()).isEqualTo(3);
        assertThat(tombstone.directContact().directAddress()).isEqualTo(address);
    }

    @Test
    void refusesCertificatesThatCannotProtectMessagesToTheContact() {
        Tenant tenant = newPractice(true, true);
        String address = address();

        TestPki.Issued expired = TestPki.leaf(TestPki.TRUSTED_CA, address, KeyUsage.keyEncipherment,
                Instant.now().minus(Duration.ofDays(400)), Instant.now().minus(Duration.ofDays(1)));
        Http.Response expiredResponse = http().post("/api/v1/direct-contacts", tenant.admin(),
                contact("Dr. X", address, expired.certificatePem()));
        problem(expiredResponse, 400, "certificatePem");
        assertThat(expiredResponse.json().get("detail").asString()).contains("expired");

        Http.Response signingOnly = http().post("/api/v1/direct-contacts", tenant.admin(),
                contact("Dr. X", address, TestPki.signing(TestPki.TRUSTED_CA, address).certificatePem()));
        problem(signingOnly, 400, "certificatePem");
        assertThat(signingOnly.json().get("detail").asString()).contains("keyEncipherment");

        Http.Response untrusted = http().post("/api/v1/direct-contacts", tenant.admin(),
                contact("Dr. X", address, TestPki.encryption(TestPki.UNTRUSTED_CA, address).certificatePem()));
        problem(untrusted, 400, "certificatePem");
        assertThat(untrusted.json().get("detail").asString()).contains("trust anchor");

        problem(http().post("/api/v1/direct-contacts", tenant.admin(), contact("Dr. X", address, "not a certificate")),
                400, "certificatePem");
        problem(http().post("/api/v1/direct-contacts", tenant.admin(),
                contact("Dr. X", "dr.x@localhost", TestPki.encryption(TestPki.TRUSTED_CA, "dr.x@localhost").certificatePem())),
                400, "directAddress");
        problem(http().post("/api/v1/direct-contacts", tenant.admin(), """
                {"organization":"Mercy","directAddress":"%s","certificatePem":"x"}""".formatted(address)), 400, "name");

        assertThat(jdbc.queryForObject("select count(*) from direct_contact where practice_id = ?", Long.class,
                tenant.id())).isZero();
    }

    @Test
    void duplicateAddressesAre409AndOtherPracticesContactsAre404() {
        Tenant tenant = newPractice(true, true);
        String address = address();
        String certificate = TestPki.encryption(TestPki.TRUSTED_CA, address).certificatePem();
        String id = created(http().post("/api/v1/direct-contacts", tenant.admin(), contact("Dr. A", address, certificate)))
                .get("id").asString();

        problem(http().post("/api/v1/direct-contacts", tenant.admin(), contact("Dr. B", address.toUpperCase(), certificate)),
                409, "directAddress");

        Tenant other = newPractice(true, true);
        problem(http().get("/api/v1/direct-contacts/" + id, other.admin()), 404, null);
        problem(http().put("/api/v1/direct-contacts/" + id, other.admin(), contact("Dr. A", address, certificate)), 404, null);
        problem(http().delete("/api/v1/direct-contacts/" + id, other.admin()), 404, null);
        assertThat(ok(http().get("/api/v1/direct-contacts", other.admin())).get("total").asLong()).isZero();

        problem(http().post("/api/v1/direct-contacts", TestTokens.staff(UUID.randomUUID(), tenant.id(), "message:send"),
                contact("Dr. C", address(), certificate)), 403, null);
        problem(http().get("/api/v1/direct-contacts", TestTokens.client(UUID.randomUUID(), tenant.id())), 403, null);
    }
}
