package com.carerelay.messaging;

import static org.awaitility.Awaitility.await;

import com.carerelay.events.DirectoryChanged;
import com.carerelay.events.EventEnvelope;
import com.carerelay.events.Topics;
import com.carerelay.testing.Http;
import com.carerelay.testing.RealServers;
import com.carerelay.testing.TestTokens;
import com.carerelay.testing.TopicWriter;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** messaging-service against real PostgreSQL and a real Kafka broker; directory data arrives over the directory topic. */
@SpringBootTest(classes = MessagingApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=messaging-service")
public abstract class MessagingIntegrationTest {

    @DynamicPropertySource
    static void realServers(DynamicPropertyRegistry registry) {
        RealServers.register(registry, "messaging");
    }

    @LocalServerPort
    int port;

    @Autowired
    protected JdbcTemplate jdbc;

    protected Http http() {
        return Http.localhost(port);
    }

    protected static String kafka() {
        return RealServers.kafkaBootstrapServers();
    }

    /** A practice with staff, published on the directory topic and waited for in the replica. */
    protected Practice newPractice() {
        return new Practice(UUID.randomUUID());
    }

    protected final class Practice {
        public final UUID id;

        Practice(UUID id) {
            this.id = id;
        }

        public UUID staff(String firstName, String lastName, boolean active, String... permissions) {
            UUID staffId = UUID.randomUUID();
            DirectoryChanged change = DirectoryChanged.ofStaff(staffId, id, 1, new DirectoryChanged.Staff(firstName,
                    lastName, firstName.toLowerCase() + "@example.test", active, List.of(permissions), false));
            TopicWriter.publish(kafka(), EventEnvelope.wrap(Topics.DIRECTORY, staffId.toString(), "/carerelay/directory",
                    staffId.toString(), DirectoryChanged.TYPE, change));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    jdbc.queryForObject("select count(*) from directory_entry where id = ?", Long.class, staffId) == 1);
            return staffId;
        }

        public String token(UUID staffId, String... permissions) {
            return TestTokens.staff(staffId, id, permissions);
        }
    }
}
