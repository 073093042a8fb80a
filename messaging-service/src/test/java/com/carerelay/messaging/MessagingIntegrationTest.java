package com.carerelay.messaging;

import static org.awaitility.Awaitility.await;

import com.carerelay.events.DirectoryChanged;
import com.carerelay.events.EventEnvelope;
import com.carerelay.events.Topics;
import com.carerelay.testing.Http;
import com.carerelay.testing.RealServers;
import com.carerelay.testing.ServiceIntegrationTest;
import com.carerelay.testing.TestTokens;
import com.carerelay.testing.TopicWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** messaging-service against real PostgreSQL and a real Kafka broker; directory data arrives over the directory topic. */
@SpringBootTest(classes = MessagingApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=messaging-service",
                // tests run without clamd unless they start the stand-in (UploadsIT)
                "carerelay.attachments.clamav.required=false"})
public abstract class MessagingIntegrationTest extends ServiceIntegrationTest {

    @DynamicPropertySource
    static void realServers(DynamicPropertyRegistry registry) {
        RealServers.register(registry, "messaging");
    }

    /** Uploads one file as multipart/form-data, the way the web app does. */
    protected Http.Response upload(String token, String fileName, String contentType, byte[] content) {
        return http().upload("/api/v1/attachments", token, fileName, contentType, content);
    }

    /** A minimal PDF that Tika detects as application/pdf. */
    protected static byte[] pdf() {
        return "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    }

    /** A new practice (portal and DIRECT messaging on unless switched off), published on the directory topic. */
    protected Practice newPractice() {
        return newPractice(true, true);
    }

    protected Practice newPractice(boolean portalMessaging, boolean directMessaging) {
        Practice practice = new Practice(UUID.randomUUID());
        practice.publish(DirectoryChanged.ofPractice(practice.id, 1, new DirectoryChanged.Practice("Sunrise Behavioral Health",
                "no-reply@sunrise.example", portalMessaging, directMessaging)));
        return practice;
    }

    /** An object mother for one practice's directory, as the replica receives it over Kafka. */
    protected final class Practice {
        public final UUID id;

        Practice(UUID id) {
            this.id = id;
        }

        public UUID staff(String firstName, String lastName, boolean active, String... permissions) {
            return publish(DirectoryChanged.ofStaff(UUID.randomUUID(), id, 1, new DirectoryChanged.Staff(firstName,
                    lastName, firstName.toLowerCase() + "@example.test", active, List.of(permissions), false)));
        }

        /** A staff member whose directory roles grant {@code permissions}. */
        public UUID staffWithRoles(String firstName, String lastName, List<String> roles, String... permissions) {
            return publish(DirectoryChanged.ofStaff(UUID.randomUUID(), id, 1, new DirectoryChanged.Staff(firstName,
                    lastName, firstName.toLowerCase() + "@example.test", true, List.of(permissions), false, null, false,
                    null, null, roles)));
        }

        public UUID directSender(String firstName, String lastName, boolean credentialsValid, String... permissions) {
            return publish(DirectoryChanged.ofStaff(UUID.randomUUID(), id, 1, new DirectoryChanged.Staff(firstName,
                    lastName, firstName.toLowerCase() + "@example.test", true, List.of(permissions), false,
                    firstName.toLowerCase() + "@direct.sunrise.example", credentialsValid)));
        }

        public UUID client(String firstName, String lastName, String preferredName, DirectoryChanged.PortalStatus status) {
            return publish(DirectoryChanged.ofClient(UUID.randomUUID(), id, 1, new DirectoryChanged.Client(firstName,
                    lastName, preferredName, firstName.toLowerCase() + "@client.example", status, true, false)));
        }

        public UUID group(String name, UUID... members) {
            UUID groupId = UUID.randomUUID();
            return publish(new DirectoryChanged(groupId, DirectoryChanged.EntityKind.group, id, 1, false, Instant.now(),
                    null, null, null, new DirectoryChanged.Group(name, List.of(members))));
        }

        public UUID directContact(String name, String address) {
            UUID contactId = UUID.randomUUID();
            return publish(new DirectoryChanged(contactId, DirectoryChanged.EntityKind.direct_contact, id, 1, false,
                    Instant.now(), null, null, null, null,
                    new DirectoryChanged.DirectContact(name, "Valley Cardiology", address, null, true)));
        }

        public String token(UUID staffId, String... permissions) {
            return TestTokens.staff(staffId, id, permissions);
        }

        public String clientToken(UUID clientId) {
            return TestTokens.client(clientId, id);
        }

        UUID publish(DirectoryChanged change) {
            TopicWriter.publish(kafka(), EventEnvelope.wrap(Topics.DIRECTORY, change.entityId().toString(),
                    "/carerelay/directory", change.entityId().toString(), DirectoryChanged.TYPE, change));
            String table = change.entityKind() == DirectoryChanged.EntityKind.practice ? "practice" : "directory_entry";
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                    "select count(*) from " + table + " where id = ?", Long.class, change.entityId()) == 1);
            return change.entityId();
        }
    }
}
