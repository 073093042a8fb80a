package com.carerelay.audit;

import static org.awaitility.Awaitility.await;

import com.carerelay.events.Actor;
import com.carerelay.events.DeliveryStatusChanged;
import com.carerelay.events.DirectoryChanged;
import com.carerelay.events.EventEnvelope;
import com.carerelay.events.MessageRead;
import com.carerelay.events.MessageSent;
import com.carerelay.events.PrincipalKind;
import com.carerelay.events.Topics;
import com.carerelay.testing.Http;
import com.carerelay.testing.RealServers;
import com.carerelay.testing.ServiceIntegrationTest;
import com.carerelay.testing.TestTokens;
import com.carerelay.testing.TopicWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * audit-service against real PostgreSQL and a real Kafka broker; every event arrives over its topic. The
 * service runs with production's two database roles: migrations as the owner, the service as its own role
 * ({@link #jdbc} is the service's, {@link #owner} and {@link #superuser} connect as the others).
 */
@SpringBootTest(classes = AuditApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // no scheduled checkpoint in the middle of a test unless it asks for one (ScheduledCheckpointIT)
        properties = {"spring.config.name=audit-service", "carerelay.audit.checkpoint.interval=PT24H"})
public abstract class AuditIntegrationTest extends ServiceIntegrationTest {

    /** A MessageSent's sealed content as audit-service receives it: it holds no key and never opens it. */
    protected static final String SEALED = "c2VhbGVkIGZvciBkZWxpdmVyeS1zZXJ2aWNlIG9ubHk=";

    @DynamicPropertySource
    static void realServers(DynamicPropertyRegistry registry) {
        RealServers.register(registry, "audit");
        registry.add("spring.datasource.url", AuditDatabase::url);
        registry.add("spring.datasource.username", () -> AuditDatabase.SERVICE);
        registry.add("spring.datasource.password", () -> AuditDatabase.PASSWORD);
        registry.add("spring.flyway.user", () -> AuditDatabase.OWNER);
        registry.add("spring.flyway.password", () -> AuditDatabase.PASSWORD);
    }

    /** The owner of the tables (who runs the migrations). */
    protected final JdbcTemplate owner = AuditDatabase.owner();

    /** The PostgreSQL superuser (a DBA). */
    protected final JdbcTemplate superuser = AuditDatabase.superuser();

    protected Practice newPractice() {
        return new Practice(UUID.randomUUID());
    }

    /** Waits until the practice's log holds {@code count} entries. */
    protected void awaitEntries(UUID practiceId, long count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> entries(practiceId) >= count);
    }

    protected long entries(UUID practiceId) {
        return jdbc.queryForObject("select count(*) from audit_entry where practice_id = ?", Long.class, practiceId);
    }

    /** A page of a subject's log through the API; fails the test unless it answers 200. */
    protected JsonNode page(String path, String token) {
        Http.Response response = http().get(path, token);
        if (response.status() != 200) {
            throw new AssertionError("GET " + path + " answered " + response);
        }
        return response.json();
    }

    protected static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    /** A practice whose staff and clients are published on the directory topic and waited for in the replica. */
    protected final class Practice {
        public final UUID id;

        Practice(UUID id) {
            this.id = id;
        }

        public UUID staff(String firstName, String lastName, String... permissions) {
            UUID staffId = UUID.randomUUID();
            publishPerson(DirectoryChanged.ofStaff(staffId, id, 1, new DirectoryChanged.Staff(firstName, lastName,
                    firstName.toLowerCase() + "@example.test", true, List.of(permissions), false)));
            return staffId;
        }

        /** A staff member with these directory permissions and roles (version 1 of their directory entry). */
        public UUID staffWithRoles(String firstName, String lastName, List<String> permissions, String... roles) {
            UUID staffId = UUID.randomUUID();
            changeStaff(staffId, firstName, lastName, 1, permissions, roles);
            return staffId;
        }

        /**
         * Publishes version {@code version} of a staff member's directory entry with these permissions and
         * roles and waits for it.
         */
        public void changeStaff(UUID staffId, String firstName, String lastName, long version, List<String> permissions,
                                String... roles) {
            DirectoryChanged change = DirectoryChanged.ofStaff(staffId, id, version, new DirectoryChanged.Staff(
                    firstName, lastName, firstName.toLowerCase() + "@example.test", true, permissions, false, null, false,
                    null, null, List.of(roles)));
            TopicWriter.publish(kafka(), EventEnvelope.wrap(Topics.DIRECTORY, staffId.toString(), "/carerelay/directory",
                    staffId.toString(), DirectoryChanged.TYPE, change));
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                    "select count(*) from directory_person where id = ? and version = ?", Long.class, staffId, version) == 1);
        }

        public UUID client(String firstName, String lastName) {
            UUID clientId = UUID.randomUUID();
            publishPerson(DirectoryChanged.ofClient(clientId, id, 1, new DirectoryChanged.Client(firstName, lastName,
                    null, firstName.toLowerCase() + "@example.test", DirectoryChanged.PortalStatus.active, true, false)));
            return clientId;
        }

        private void publishPerson(DirectoryChanged change) {
            TopicWriter.publish(kafka(), EventEnvelope.wrap(Topics.DIRECTORY, change.entityId().toString(),
                    "/carerelay/directory", change.entityId().toString(), DirectoryChanged.TYPE, change));
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                    "select count(*) from directory_person where id = ?", Long.class, change.entityId()) == 1);
        }

        public String auditor(UUID staffId) {
            return TestTokens.staff(staffId, id, "audit:read");
        }

        public String token(UUID staffId, String... permissions) {
            return TestTokens.staff(staffId, id, permissions);
        }

        /** MessageSent from a staff member to clients (recipients by id; kind client unless named staff). */
        public EventEnvelope.Outgoing sent(UUID messageId, UUID sender, String senderName, List<UUID> clients,
                                           List<UUID> staff) {
            List<MessageSent.Recipient> recipients = new ArrayList<>();
            clients.forEach(client -> recipients.add(new MessageSent.Recipient(client, PrincipalKind.client, "Client", null)));
            staff.forEach(member -> recipients.add(new MessageSent.Recipient(member, PrincipalKind.staff, "Staff", null)));
            MessageSent event = new MessageSent(messageId, id, messageId, new Actor(sender, PrincipalKind.staff, senderName),
                    SEALED, sha256Of("Schedule change"), Instant.now().truncatedTo(ChronoUnit.MILLIS), recipients, 0);
            return EventEnvelope.wrap(Topics.MESSAGES, messageId.toString(), "/carerelay/messaging",
                    messageId.toString(), MessageSent.TYPE, event);
        }

        /** MessageSent from {@code sender} (an Actor, with or without roles) to clients. */
        public EventEnvelope.Outgoing sent(UUID messageId, Actor sender, List<UUID> clients) {
            List<MessageSent.Recipient> recipients = new ArrayList<>();
            clients.forEach(client -> recipients.add(new MessageSent.Recipient(client, PrincipalKind.client, "Client", null)));
            MessageSent event = new MessageSent(messageId, id, messageId, sender, SEALED, sha256Of("Schedule change"),
                    Instant.now().truncatedTo(ChronoUnit.MILLIS), recipients, 0);
            return EventEnvelope.wrap(Topics.MESSAGES, messageId.toString(), "/carerelay/messaging",
                    messageId.toString(), MessageSent.TYPE, event);
        }

        public EventEnvelope.Outgoing status(UUID messageId, UUID sender, UUID recipient, DeliveryStatusChanged.Channel channel,
                                             DeliveryStatusChanged.Status status, String reason) {
            DeliveryStatusChanged change = new DeliveryStatusChanged(messageId, id, sender, recipient, PrincipalKind.client,
                    channel, status, reason, Instant.now());
            return EventEnvelope.wrap(Topics.DELIVERY_STATUS, messageId.toString(), "/carerelay/delivery",
                    messageId.toString(), DeliveryStatusChanged.TYPE, change);
        }

        public EventEnvelope.Outgoing read(UUID messageId, UUID sender, UUID reader, String readerName) {
            MessageRead read = new MessageRead(messageId, id, sender, new Actor(reader, PrincipalKind.client, readerName),
                    Instant.now());
            return EventEnvelope.wrap(Topics.MESSAGES, messageId.toString(), "/carerelay/messaging",
                    messageId.toString(), MessageRead.TYPE, read);
        }
    }

    protected static String sha256Of(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
