package com.carerelay.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.carerelay.events.DeliveryStatusChanged;
import com.carerelay.testing.Http;
import com.carerelay.testing.RealServers;
import com.carerelay.testing.TestTokens;
import com.carerelay.testing.TopicWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Checkpoints are signed on a schedule (every second here) with the configured key and exported to the
 * checkpoint directory as JSON lines and to the checkpoint topic; a restarted service, with the same key and directory, verifies the
 * chain against them and keeps signing with the same key.
 */
@DirtiesContext
class ScheduledCheckpointIT extends AuditIntegrationTest {

    static final KeyPair KEY = ed25519();
    static final Path DIRECTORY = temporaryDirectory();
    static final String TOPIC = "carerelay.audit-checkpoints-it";

    @DynamicPropertySource
    static void everySecondWithAConfiguredKey(DynamicPropertyRegistry registry) {
        registry.add("carerelay.audit.checkpoint.interval", () -> "PT1S");
        registry.add("carerelay.audit.checkpoint.directory", DIRECTORY::toString);
        registry.add("carerelay.audit.checkpoint.topic", () -> TOPIC);
        registry.add("carerelay.audit.checkpoint.private-key",
                () -> Base64.getEncoder().encodeToString(KEY.getPrivate().getEncoded()));
    }

    @Test
    void aCheckpointIsExportedOnScheduleAndARestartedServiceVerifiesAgainstItWithTheSameKey() throws Exception {
        Practice practice = newPractice();
        UUID dana = practice.staff("Dana", "Reyes", "message:send");
        UUID ana = practice.client("Ana", "Lima");
        String token = practice.auditor(practice.staff("Alex", "Auditor", "audit:read"));
        UUID messageId = UUID.randomUUID();
        TopicWriter.publish(kafka(), practice.sent(messageId, dana, "Dana Reyes", List.of(ana), List.of()),
                practice.status(messageId, dana, ana, DeliveryStatusChanged.Channel.email,
                        DeliveryStatusChanged.Status.delivered, null));
        awaitEntries(practice.id, 3);

        // nobody asks: the schedule signs the head and appends it to the practice's file
        Path file = DIRECTORY.resolve(practice.id + ".jsonl");
        await().atMost(Duration.ofSeconds(30)).until(() -> lines(file).stream()
                .anyMatch(line -> line.get("chainSeq").asLong() == 3));
        JsonNode checkpoint = lines(file).stream().filter(line -> line.get("chainSeq").asLong() == 3).findFirst()
                .orElseThrow();
        assertThat(checkpoint.get("practiceId").asString()).isEqualTo(practice.id.toString());
        assertThat(checkpoint.get("hash").asString()).isEqualTo(jdbc.queryForObject(
                "select encode(hash, 'hex') from audit_entry where practice_id = ? and chain_seq = 3", String.class,
                practice.id));
        assertThat(checkpoint.get("issuedAt").asString()).isNotBlank();
        assertThat(verifiesWithTheConfiguredPublicKey(checkpoint)).as("signed with the configured key").isTrue();
        assertThat(publishedOnTheTopic(practice.id)).as("the same checkpoint, published on the checkpoint topic")
                .anySatisfy(published -> assertThat(published).isEqualTo(checkpoint));

        try (ConfigurableApplicationContext restarted = startAnotherInstance()) {
            Http http = Http.localhost(Integer.parseInt(restarted.getEnvironment().getProperty("local.server.port")));
            Http.Response response = http.get("/api/v1/audit/verify", token);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            JsonNode verified = response.json();
            assertThat(verified.get("ok").asBoolean()).as(verified.toString()).isTrue();
            assertThat(verified.get("checkpointsChecked").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(verified.get("failedCheckpoint").isNull()).isTrue();

            // the verification was logged (entry 4): a later round signs it, with the same key
            await().atMost(Duration.ofSeconds(30)).until(() -> lines(file).stream()
                    .anyMatch(line -> line.get("chainSeq").asLong() >= 4));
            assertThat(lines(file)).allSatisfy(line -> {
                assertThat(line.get("publicKey").asString()).isEqualTo(checkpoint.get("publicKey").asString());
                assertThat(verifiesWithTheConfiguredPublicKey(line)).isTrue();
            });
        }
    }

    /** A second process of the service on the same database, checkpoint directory and key (a restart, or a second pod). */
    private ConfigurableApplicationContext startAnotherInstance() {
        return AuditApplication.builder().run(
                "--server.port=0",
                "--spring.datasource.url=" + AuditDatabase.url(),
                "--spring.datasource.username=" + AuditDatabase.SERVICE,
                "--spring.datasource.password=" + AuditDatabase.PASSWORD,
                "--spring.flyway.user=" + AuditDatabase.OWNER,
                "--spring.flyway.password=" + AuditDatabase.PASSWORD,
                "--spring.kafka.bootstrap-servers=" + RealServers.kafkaBootstrapServers(),
                "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + TestTokens.jwkSetUri(),
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestTokens.ISSUER,
                "--carerelay.secrets.allow-development-keys=true",
                "--carerelay.audit.checkpoint.interval=PT1S",
                "--carerelay.audit.checkpoint.directory=" + DIRECTORY,
                "--carerelay.audit.checkpoint.topic=" + TOPIC,
                "--carerelay.audit.checkpoint.private-key=" + Base64.getEncoder().encodeToString(KEY.getPrivate().getEncoded()));
    }

    /** The checkpoints published for the practice on {@link #TOPIC}, read from its beginning. */
    private static List<JsonNode> publishedOnTheTopic(UUID practiceId) {
        Map<String, Object> settings = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "scheduled-checkpoint-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<JsonNode> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (practiceId.toString().equals(record.key())) {
                        found.add(Http.JSON.readTree(new String(record.value(), StandardCharsets.UTF_8)));
                    }
                }
                return !found.isEmpty();
            });
        }
        return found;
    }

    private static boolean verifiesWithTheConfiguredPublicKey(JsonNode checkpoint) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(
                    new X509EncodedKeySpec(KEY.getPublic().getEncoded())));
            verifier.update(("carerelay.audit.checkpoint.v1\n" + checkpoint.get("practiceId").asString() + "\n"
                    + checkpoint.get("chainSeq").asLong() + "\n" + checkpoint.get("hash").asString() + "\n"
                    + checkpoint.get("issuedAt").asString()).getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(checkpoint.get("signature").asString()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file).stream().filter(line -> !line.isBlank()).map(Http.JSON::readTree).toList();
    }

    private static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("audit-checkpoints-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
