package com.carerelay.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.carerelay.events.DeliveryStatusChanged;
import com.carerelay.events.MessageSent;
import com.carerelay.events.Topics;
import com.carerelay.testing.Http;
import com.carerelay.testing.RealServers;
import com.carerelay.testing.TopicReader;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * The whole system: all four services against one PostgreSQL server and one Kafka broker, driven the
 * way a frontend, a compliance officer and an ops person would: through the HTTP APIs and the topics, and
 * what ops watch: one trace per send (every service's spans, in {@link RecordedSpans}), logs, metrics, no PHI.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
class EndToEndIT {

    static final UUID DANA = UUID.fromString("22222222-2222-4222-8222-222222222222");
    static final UUID SAM = UUID.fromString("33333333-3333-4333-8333-333333333333");
    static final UUID CARE_TEAM = UUID.fromString("77777777-7777-4777-8777-777777777777");
    static final UUID JORDAN = UUID.fromString("88888888-8888-4888-8888-888888888888");
    static final UUID RILEY = UUID.fromString("99999999-9999-4999-8999-999999999999");

    static GreenMail smtp;
    static CareRelaySystem system;
    static final RecordedSpans spans = new RecordedSpans();

    @BeforeAll
    static void startTheSystem() throws IOException {
        CareRelaySystem.DATABASES.forEach(RealServers::database);
        smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        system = CareRelaySystem.start(new CareRelaySystem.Settings(
                "jdbc:postgresql://localhost:" + RealServers.postgres().getPort() + "/", "postgres", "postgres",
                RealServers.kafkaBootstrapServers(), "127.0.0.1", smtp.getSmtp().getPort(),
                new CareRelaySystem.Ports(freePort(), freePort(), freePort(), freePort()), true,
                // spans reach the recorder within ~0.2 s of ending
                List.of("management.opentelemetry.tracing.export.schedule-delay=200ms")), spans.inEachService());
    }

    @AfterAll
    static void stopTheSystem() {
        if (system != null) {
            system.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    @Order(1)
    void aMessageFlowsFromSenderToDeliveryToAudit() {
        String dana = token("dana@sunrise.example");
        Http messaging = new Http(system.url("messaging"));

        JsonNode sent = awaitSent(messaging, dana, "Schedule change", "Thursday moves to 3pm");
        String messageId = sent.get("id").asString();
        assertThat(sent.get("recipients").get(0).get("name").asString()).isEqualTo("Sam Okafor");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode delivery = messaging.get("/api/v1/messages/" + messageId + "/delivery", dana).json();
            assertThat(delivery.get("recipients").get(0).get("status").asString()).isEqualTo("delivered");
        });

        String sam = token("sam@sunrise.example");
        JsonNode feed = new Http(system.url("delivery")).get("/api/v1/notifications", sam).json();
        assertThat(feed.toString()).contains(messageId).doesNotContain("Thursday moves to 3pm");
        assertThat(messaging.get("/api/v1/messages/" + messageId, sam).json().get("body").asString())
                .isEqualTo("Thursday moves to 3pm");

        String alex = token("alex@sunrise.example");
        Http audit = new Http(system.url("audit"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String danaLog = audit.get("/api/v1/audit/staff/" + DANA + "/entries", alex).body();
            assertThat(danaLog).contains(messageId).contains("message.sent");
            String samLog = audit.get("/api/v1/audit/staff/" + SAM + "/entries", alex).body();
            assertThat(samLog).contains(messageId).contains("delivery.delivered");
        });
        assertThat(audit.get("/api/v1/audit/staff/" + DANA + "/entries", dana).status()).isEqualTo(403);

        TopicReader.Seen onTheWire = TopicReader.await(RealServers.kafkaBootstrapServers(), Topics.MESSAGES,
                record -> messageId.equals(record.key()), Duration.ofSeconds(10));
        assertThat(onTheWire.headers()).containsEntry("ce_type", MessageSent.TYPE)
                .containsEntry("ce_source", "/carerelay/messaging").containsKey("ce_time").containsKey("ce_id");
        TopicReader.Seen status = TopicReader.await(RealServers.kafkaBootstrapServers(), Topics.DELIVERY_STATUS,
                record -> messageId.equals(record.key()), Duration.ofSeconds(10));
        assertThat(status.headers()).containsEntry("ce_type", DeliveryStatusChanged.TYPE);
    }

    @Test
    @Order(2)
    void eachClientsActivityLogHoldsOnlyItsOwnEntries() {
        String dana = token("dana@sunrise.example");
        Http messaging = new Http(system.url("messaging"));
        Http.Response sent = messaging.post("/api/v1/messages", dana, """
                {"subject":"Group session","body":"Monday's group session moves to 5pm.",
                 "recipients":{"groupIds":["%s"],"clientIds":["%s","%s"]}}""".formatted(CARE_TEAM, JORDAN, RILEY));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        String messageId = sent.json().get("id").asString();

        String alex = token("alex@sunrise.example");
        Http audit = new Http(system.url("audit"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (UUID client : new UUID[]{JORDAN, RILEY}) {
                JsonNode entries = audit.get("/api/v1/audit/clients/" + client + "/entries?messageId=" + messageId
                        + "&limit=100", alex).json().get("entries");
                assertThat(entries.findValuesAsString("action")).contains("message.received", "delivery.delivered");
                assertThat(entries.toString()).doesNotContain((client.equals(JORDAN) ? RILEY : JORDAN).toString());
                for (JsonNode entry : entries) {
                    assertThat(entry.get("subject").get("id").asString()).isEqualTo(client.toString());
                    assertThat(entry.get("actor").get("name").asString()).isEqualTo("Dana Reyes");
                    assertThat(entry.get("actorRole").asString()).as("her directory role when she sent it")
                            .isEqualTo("clinician");
                }
            }
        });
        assertThat(audit.get("/api/v1/audit/verify", alex).json().get("ok").asBoolean()).isTrue();
        JsonNode jordanView = messaging.get("/api/v1/messages/" + messageId, token("jordan@client.example")).json();
        assertThat(jordanView.toString()).doesNotContain("Riley");
    }

    @Test
    @Order(3)
    void oneSendIsOneTraceFromTheRequestThroughDeliveryToTheAuditLog() {
        String dana = token("dana@sunrise.example");
        Http.Response sent = new Http(system.url("messaging")).post("/api/v1/messages", dana, """
                {"subject":"Trace","body":"Followed across the services.","recipients":{"clientIds":["%s"]}}"""
                .formatted(JORDAN));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        String messageId = sent.json().get("id").asString();
        TopicReader.Seen onTheWire = TopicReader.await(RealServers.kafkaBootstrapServers(), Topics.MESSAGES,
                record -> messageId.equals(record.key()), Duration.ofSeconds(30));
        String traceId = RecordedSpans.traceIdOf(onTheWire.headers().get("ce_traceparent"));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<SpanData> trace = spans.trace(traceId);
            SpanData request = RecordedSpans.child(trace, null, "messaging-service", "http post", SpanKind.SERVER);
            SpanData outbox = RecordedSpans.child(trace, request, "messaging-service", "outbox append", null);
            SpanData publish = RecordedSpans.child(trace, outbox, "messaging-service", "publish carerelay.messages",
                    SpanKind.PRODUCER);
            SpanData fanOut = RecordedSpans.child(trace, publish, "delivery-service", "process " + MessageSent.TYPE,
                    SpanKind.CONSUMER);
            RecordedSpans.child(trace, publish, "audit-service", "process " + MessageSent.TYPE, SpanKind.CONSUMER);
            SpanData emailTry = RecordedSpans.child(trace, fanOut, "delivery-service", "deliver email", SpanKind.CLIENT);
            assertThat(emailTry.getAttributes().asMap().toString()).contains("carerelay.delivery.outcome=sent");
            // the in-app status from the fan-out and the e-mail's from its try, each back to messaging and audit
            for (SpanData cause : List.of(fanOut, emailTry)) {
                SpanData statusOutbox = RecordedSpans.child(trace, cause, "delivery-service", "outbox append", null);
                SpanData statusPublish = RecordedSpans.child(trace, statusOutbox, "delivery-service",
                        "publish carerelay.delivery-status", SpanKind.PRODUCER);
                RecordedSpans.child(trace, statusPublish, "messaging-service", "process " + DeliveryStatusChanged.TYPE,
                        SpanKind.CONSUMER);
                RecordedSpans.child(trace, statusPublish, "audit-service", "process " + DeliveryStatusChanged.TYPE,
                        SpanKind.CONSUMER);
            }
        });
    }

    @Test
    @Order(4)
    void aSendLeavesNoTraceOfItsPhiInLogsMetricsSpansOrTheMessagesTopic(CapturedOutput output) {
        String sentinel = "Phisentinel" + UUID.randomUUID().toString().replace("-", "");
        String morgan = token("morgan@sunrise.example");
        Http directory = new Http(system.url("directory"));
        Http.Response client = directory.post("/api/v1/clients", morgan, """
                {"firstName":"%s","lastName":"Client%s","email":"%s@client.example","portalStatus":"invited",
                 "emailNotifications":true}""".formatted(sentinel, sentinel, UUID.randomUUID()));
        assertThat(client.status()).as(client.toString()).isEqualTo(201);
        String clientId = client.json().get("id").asString();
        Http messaging = new Http(system.url("messaging"));
        Http.Response attachment = messaging.upload("/api/v1/attachments", morgan, sentinel + " intake notes.pdf",
                "application/pdf", "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
                        .getBytes(StandardCharsets.US_ASCII));
        assertThat(attachment.status()).as(attachment.toString()).isEqualTo(201);

        String send = """
                {"subject":"About %s","body":"Dear %s, see the notes.","attachmentIds":["%s"],
                 "recipients":{"clientIds":["%s"],"staffIds":["%s"]}}""".formatted(sentinel, sentinel,
                attachment.json().get("id").asString(), clientId, SAM);
        String[] messageId = new String[1];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> { // once the client reached messaging's replica
            Http.Response sent = messaging.post("/api/v1/messages", morgan, send);
            assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
            messageId[0] = sent.json().get("id").asString();
        });
        String alex = token("alex@sunrise.example");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(new Http(system.url("audit"))
                .get("/api/v1/audit/clients/" + clientId + "/entries?messageId=" + messageId[0], alex).body())
                .contains("delivery.delivered"));

        // (the e-mail address is no sentinel: the test's SMTP server, GreenMail, logs every address it creates)
        assertThat(output.getAll().lines().filter(line -> line.toLowerCase().contains(sentinel.toLowerCase())))
                .as("log lines").isEmpty();
        for (String service : List.of("directory", "messaging", "delivery", "audit")) {
            assertThat(new Http(system.url(service)).get("/actuator/prometheus", null).body())
                    .as(service + " metrics").contains("carerelay_").doesNotContainIgnoringCase(sentinel);
        }
        assertThat(spans.all()).as("spans").isNotEmpty().allSatisfy(span -> assertThat(span.getName() + " "
                + span.getAttributes() + " " + span.getEvents()).doesNotContainIgnoringCase(sentinel));
        // the client's name is on the topics (recipients, the directory); what the message says is sealed
        TopicReader.Seen onTheTopic = TopicReader.await(RealServers.kafkaBootstrapServers(), Topics.MESSAGES,
                record -> messageId[0].equals(record.key()), Duration.ofSeconds(10));
        assertThat(new String(onTheTopic.value(), StandardCharsets.UTF_8)).as("MessageSent as any topic reader sees it")
                .doesNotContain("About " + sentinel, "Dear " + sentinel, sentinel + " intake notes", "see the notes");
    }

    @Test
    @Order(5)
    void eachServiceLogsJsonLinesUnderItsOwnNameThoughAllShareOneJvm(CapturedOutput output) {
        List<JsonNode> lines = output.getAll().lines().filter(line -> line.startsWith("{\"@timestamp\""))
                .map(line -> Http.JSON.readTree(line)).toList();
        for (String service : List.of("directory", "messaging", "delivery", "audit")) {
            String port = system.url(service).substring(system.url(service).lastIndexOf(':') + 1);
            assertThat(lines).as(service + "'s start").anySatisfy(line -> {
                assertThat(line.get("message").asString()).startsWith("Tomcat started on port " + port + " ");
                assertThat(line.get("service").get("name").asString()).isEqualTo(service + "-service");
            });
        }
        assertThat(lines.stream().filter(line -> line.get("process").get("thread").get("name").asString()
                .endsWith("-delivery-service-C-1")).map(line -> line.get("service").get("name").asString()))
                .as("delivery-service's consumer threads").isNotEmpty().containsOnly("delivery-service");
    }

    @Test
    @Order(6)
    void sendingKeepsWorkingWhileDirectoryServiceIsDown() {
        String dana = token("dana@sunrise.example");
        system.stop("directory");

        Http.Response sent = new Http(system.url("messaging")).post("/api/v1/messages", dana, send("Still here", "Directory is down"));

        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        assertThat(sent.json().get("recipients").get(0).get("id").asString()).isEqualTo(SAM.toString());
    }

    private static JsonNode awaitSent(Http messaging, String token, String subject, String body) {
        // the demo directory reaches messaging-service's replica over the directory topic shortly after start
        JsonNode[] sent = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Http.Response response = messaging.post("/api/v1/messages", token, send(subject, body));
            assertThat(response.status()).as(response.toString()).isEqualTo(201);
            sent[0] = response.json();
        });
        return sent[0];
    }

    private static String send(String subject, String body) {
        return "{\"subject\":\"" + subject + "\",\"body\":\"" + body + "\",\"recipients\":{\"staffIds\":[\"" + SAM + "\"]}}";
    }

    private static String token(String email) {
        Http.Response issued = new Http(system.url("directory")).post("/dev/tokens", null, "{\"email\":\"" + email + "\"}");
        assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
        return issued.json().get("access_token").asString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
