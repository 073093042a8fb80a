package com.carerelay.directory;

import com.carerelay.testing.TestPki;
import static org.assertj.core.api.Assertions.assertThat;

import com.carerelay.directory.staff.DirectCredentialsService;
import com.carerelay.events.Seal;
import com.carerelay.events.DirectoryChanged;
import com.carerelay.testing.Http;
import com.carerelay.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class DirectCredentialsIT extends DirectoryTestBase {

    @Autowired
    DirectCredentialsService credentials;

    private record Member(Tenant tenant, UUID id, String address) {
    }

    private Member newMember() {
        Tenant tenant = newPractice(true, true);
        String id = created(http().post("/api/v1/staff", tenant.admin(), """
                {"firstName":"Robin","lastName":"Direct","email":"%s@clinic.example","roles":["clinician"]}"""
                .formatted(unique("robin")))).get("id").asString();
        return new Member(tenant, UUID.fromString(id), unique("robin") + "@direct.clinic.example");
    }

    private Http.Response uploadPem(Member member, String token, String certificatePem, String keyPem) {
        ObjectNode body = Http.JSON.createObjectNode();
        body.put("directAddress", member.address());
        body.put("certificatePem", certificatePem);
        body.put("privateKeyPem", keyPem);
        return http().put("/api/v1/staff/" + member.id() + "/direct-credentials", token, body.toString());
    }

    @Test
    void validPemCredentialsAreAcceptedPublishedAndTheKeyNeverComesBack() {
        Member member = newMember();
        TestPki.Issued signing = TestPki.signing(TestPki.TRUSTED_CA, member.address());

        Http.Response response = uploadPem(member, member.tenant().admin(), signing.certificatePem(), signing.privateKeyPem());

        JsonNode view = ok(response);
        assertThat(view.get("valid").asBoolean()).isTrue();
        assertThat(view.get("directAddress").asString()).isEqualTo(member.address());
        assertThat(view.get("issuer").asString()).contains("CareRelay Test Trust Anchor");
        assertThat(response.body()).doesNotContain("PRIVATE KEY").doesNotContain("privateKey");
        assertThat(ok(http().get("/api/v1/staff/" + member.id(), member.tenant().admin())).get("directCredentialsValid")
                .asBoolean()).isTrue();
        assertThat(http().get("/api/v1/staff/" + member.id() + "/direct-credentials", member.tenant().admin()).body())
                .doesNotContain("PRIVATE KEY");

        byte[] stored = jdbc.queryForObject("select direct_private_key from staff where id = ?", byte[].class, member.id());
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("PRIVATE KEY");

        DirectoryChanged change = change(member.id(), c -> c.staff().directCredentialsValid());
        assertThat(change.staff().directAddress()).isEqualTo(member.address());
        assertThat(change.staff().directCertificatePem()).contains("BEGIN CERTIFICATE");
        assertThat(change.staff().directPrivateKeySealed()).doesNotContain("PRIVATE KEY");
        String opened = new Seal(DEV_TRANSIT_KEY).open(change.staff().directPrivateKeySealed(),
                member.id().toString());
        assertThat(opened).contains("PRIVATE KEY");
    }

    /** The local/test default of carerelay.credentials.key, shared with delivery-service. */
    static final String DEV_TRANSIT_KEY = "Y2FyZXJlbGF5LWRldi1vbmx5LXRyYW5zaXQta2V5ISE=";

    @Test
    void pkcs12WithIntermediateIsAcceptedAndAWrongPasswordIsRefusedByName() {
        Member member = newMember();
        TestPki.Issued intermediate = TestPki.ca("Test HISP Intermediate", TestPki.TRUSTED_CA);
        TestPki.Issued signing = TestPki.signing(intermediate, member.address());
        String p12 = TestPki.pkcs12(signing, List.of(signing.certificate(), intermediate.certificate()), "s3cret!");

        Http.Response wrongPassword = http().put("/api/v1/staff/" + member.id() + "/direct-credentials",
                member.tenant().admin(), """
                        {"directAddress":"%s","pkcs12":"%s","password":"wrong"}""".formatted(member.address(), p12));
        problem(wrongPassword, 400, "password");
        assertThat(jdbc.queryForObject("select direct_address is null from staff where id = ?", Boolean.class,
                member.id())).isTrue();

        JsonNode view = ok(http().put("/api/v1/staff/" + member.id() + "/direct-credentials", member.tenant().admin(), """
                {"directAddress":"%s","pkcs12":"%s","password":"s3cret!"}""".formatted(member.address(), p12)));
        assertThat(view.get("valid").asBoolean()).as(view.toString()).isTrue();
    }

    @Test
    void expiredCertificateIsStoredInvalidWithAReason() {
        Member member = newMember();
        TestPki.Issued expired = TestPki.leaf(TestPki.TRUSTED_CA, member.address(), KeyUsage.digitalSignature,
                Instant.now().minus(Duration.ofDays(400)), Instant.now().minus(Duration.ofDays(35)));

        JsonNode view = ok(uploadPem(member, member.tenant().admin(), expired.certificatePem(), expired.privateKeyPem()));

        assertThat(view.get("valid").asBoolean()).isFalse();
        assertThat(view.get("problem").asString()).isEqualTo("expired");
        assertThat(view.get("reason").asString()).contains("expired on").contains("renewed certificate");
        assertThat(change(member.id(), c -> c.staff().directAddress() != null).staff().directCredentialsValid()).isFalse();
    }

    @Test
    void notYetValidCertificateIsInvalid() {
        Member member = newMember();
        TestPki.Issued future = TestPki.leaf(TestPki.TRUSTED_CA, member.address(), KeyUsage.digitalSignature,
                Instant.now().plus(Duration.ofDays(10)), Instant.now().plus(Duration.ofDays(400)));

        JsonNode view = ok(uploadPem(member, member.tenant().admin(), future.certificatePem(), future.privateKeyPem()));

        assertThat(view.get("problem").asString()).isEqualTo("not_yet_valid");
        assertThat(view.get("reason").asString()).contains("not valid before");
    }

    @Test
    void keyOfAnotherCertificateIsAMismatch() {
        Member member = newMember();
        TestPki.Issued signing = TestPki.signing(TestPki.TRUSTED_CA, member.address());
        TestPki.Issued other = TestPki.signing(TestPki.TRUSTED_CA, member.address());

        JsonNode view = ok(uploadPem(member, member.tenant().admin(), signing.certificatePem(), other.privateKeyPem()));

        assertThat(view.get("valid").asBoolean()).isFalse();
        assertThat(view.get("problem").asString()).isEqualTo("key_mismatch");
        assertThat(view.get("reason").asString()).contains("does not belong to this certificate");
    }

    @Test
    void certificateFromAnUnknownCaIsUntrusted() {
        Member member = newMember();
        TestPki.Issued signing = TestPki.signing(TestPki.UNTRUSTED_CA, member.address());

        JsonNode view = ok(uploadPem(member, member.tenant().admin(), signing.certificatePem(), signing.privateKeyPem()));

        assertThat(view.get("problem").asString()).isEqualTo("untrusted");
        assertThat(view.get("reason").asString()).contains("Unknown HISP CA").contains("trust anchor");
    }

    @Test
    void certificateWithoutDigitalSignatureUsageCannotSign() {
        Member member = newMember();
        TestPki.Issued encryptionOnly = TestPki.encryption(TestPki.TRUSTED_CA, member.address());

        JsonNode view = ok(uploadPem(member, member.tenant().admin(), encryptionOnly.certificatePem(),
                encryptionOnly.privateKeyPem()));

        assertThat(view.get("problem").asString()).isEqualTo("no_signing_usage");
        assertThat(view.get("reason").asString()).contains("digitalSignature");
    }

    @Test
    void certificateForAnotherAddressIsAMismatch() {
        Member member = newMember();
        TestPki.Issued signing = TestPki.signing(TestPki.TRUSTED_CA, "someone.else@other.example");

        JsonNode view = ok(uploadPem(member, member.tenant().admin(), signing.certificatePem(), signing.privateKeyPem()));

        assertThat(view.get("problem").asString()).isEqualTo("address_mismatch");
    }

    @Test
    void validationRunsAgainAndNoticesExpiry() throws InterruptedException {
        Member member = newMember();
        TestPki.Issued shortLived = TestPki.leaf(TestPki.TRUSTED_CA, member.address(), KeyUsage.digitalSignature,
                Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofSeconds(3)));
        assertThat(ok(uploadPem(member, member.tenant().admin(), shortLived.certificatePem(), shortLived.privateKeyPem()))
                .get("valid").asBoolean()).isTrue();

        Thread.sleep(Duration.ofSeconds(4));
        JsonNode again = ok(http().post("/api/v1/staff/" + member.id() + "/direct-credentials/validation",
                member.tenant().admin(), ""));

        assertThat(again.get("valid").asBoolean()).isFalse();
        assertThat(again.get("problem").asString()).isEqualTo("expired");
        DirectoryChanged revalidated = change(member.id(), c -> c.version() == 4);
        assertThat(revalidated.staff().directCredentialsValid()).isFalse();
        assertThat(revalidated.staff().directAddress()).isEqualTo(member.address());
    }

    @Test
    void theScheduledRevalidationTurnsExpiredCredentialsInvalidWithoutAnyoneAsking() throws InterruptedException {
        Member expiring = newMember();
        TestPki.Issued shortLived = TestPki.leaf(TestPki.TRUSTED_CA, expiring.address(), KeyUsage.digitalSignature,
                Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofSeconds(3)));
        assertThat(ok(uploadPem(expiring, expiring.tenant().admin(), shortLived.certificatePem(),
                shortLived.privateKeyPem())).get("valid").asBoolean()).isTrue();
        Member lasting = newMember();
        TestPki.Issued yearLong = TestPki.signing(TestPki.TRUSTED_CA, lasting.address());
        assertThat(ok(uploadPem(lasting, lasting.tenant().admin(), yearLong.certificatePem(), yearLong.privateKeyPem()))
                .get("valid").asBoolean()).isTrue();
        Long lastingVersion = jdbc.queryForObject("select version from staff where id = ?", Long.class, lasting.id());

        Thread.sleep(Duration.ofSeconds(4));
        assertThat(credentials.revalidateAll()).isGreaterThanOrEqualTo(1);

        JsonNode expired = ok(http().get("/api/v1/staff/" + expiring.id() + "/direct-credentials", expiring.tenant().admin()));
        assertThat(expired.get("valid").asBoolean()).isFalse();
        assertThat(expired.get("problem").asString()).isEqualTo("expired");
        assertThat(change(expiring.id(), c -> c.staff() != null && !c.staff().directCredentialsValid()
                && c.staff().directAddress() != null).staff().directAddress()).isEqualTo(expiring.address());
        assertThat(ok(http().get("/api/v1/staff/" + lasting.id() + "/direct-credentials", lasting.tenant().admin()))
                .get("valid").asBoolean()).isTrue();
        assertThat(jdbc.queryForObject("select version from staff where id = ?", Long.class, lasting.id()))
                .as("valid credentials are not republished").isEqualTo(lastingVersion);
    }

    @Test
    void onlyAdminsOrTheStaffMemberThemselvesSeeAndChangeCredentials() {
        Member member = newMember();
        TestPki.Issued signing = TestPki.signing(TestPki.TRUSTED_CA, member.address());
        String colleague = TestTokens.staff(UUID.randomUUID(), member.tenant().id(), "message:send");
        String self = TestTokens.staff(member.id(), member.tenant().id(), "message:send");

        problem(uploadPem(member, colleague, signing.certificatePem(), signing.privateKeyPem()), 403, null);
        assertThat(ok(uploadPem(member, self, signing.certificatePem(), signing.privateKeyPem())).get("valid").asBoolean())
                .isTrue();
        problem(http().get("/api/v1/staff/" + member.id() + "/direct-credentials", colleague), 403, null);
        assertThat(ok(http().get("/api/v1/staff/" + member.id() + "/direct-credentials", self)).get("valid").asBoolean())
                .isTrue();

        Tenant other = newPractice(true, true);
        problem(http().get("/api/v1/staff/" + member.id() + "/direct-credentials", other.admin()), 404, null);
        problem(uploadPem(member, other.admin(), signing.certificatePem(), signing.privateKeyPem()), 404, null);
    }

    @Test
    void refusesBadAddressesUnreadableInputAndDuplicateAddresses() {
        Member member = newMember();
        TestPki.Issued signing = TestPki.signing(TestPki.TRUSTED_CA, member.address());
        String path = "/api/v1/staff/" + member.id() + "/direct-credentials";

        problem(http().put(path, member.tenant().admin(), """
                {"directAddress":"not an address","certificatePem":"x","privateKeyPem":"y"}"""), 400, "directAddress");
        problem(http().put(path, member.tenant().admin(), """
                {"directAddress":"%s"}""".formatted(member.address())), 400, "pkcs12");
        problem(http().put(path, member.tenant().admin(), """
                {"directAddress":"%s","certificatePem":"garbage","privateKeyPem":"garbage"}""".formatted(member.address())),
                400, "certificatePem");
        ObjectNode badKey = Http.JSON.createObjectNode().put("directAddress", member.address())
                .put("certificatePem", signing.certificatePem()).put("privateKeyPem", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        problem(http().put(path, member.tenant().admin(), badKey.toString()), 400, "privateKeyPem");

        ok(uploadPem(member, member.tenant().admin(), signing.certificatePem(), signing.privateKeyPem()));
        String otherId = created(http().post("/api/v1/staff", member.tenant().admin(), """
                {"firstName":"Sam","lastName":"Second","email":"%s@clinic.example","roles":["clinician"]}"""
                .formatted(unique("sam")))).get("id").asString();
        ObjectNode same = Http.JSON.createObjectNode().put("directAddress", member.address().toUpperCase())
                .put("certificatePem", signing.certificatePem()).put("privateKeyPem", signing.privateKeyPem());
        problem(http().put("/api/v1/staff/" + otherId + "/direct-credentials", member.tenant().admin(), same.toString()),
                409, "directAddress");
    }
}
