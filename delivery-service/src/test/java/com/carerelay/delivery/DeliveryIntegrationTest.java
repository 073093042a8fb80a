package com.carerelay.delivery;

import com.carerelay.testing.TestPki;
import static org.awaitility.Awaitility.await;

import com.carerelay.events.Actor;
import com.carerelay.events.Seal;
import com.carerelay.events.ContentSeal;
import com.carerelay.events.DeliveryStatusChanged;
import com.carerelay.events.DirectoryChanged;
import com.carerelay.events.EventEnvelope;
import com.carerelay.events.MessageContent;
import com.carerelay.events.MessageSent;
import com.carerelay.events.PrincipalKind;
import com.carerelay.events.Samples;
import com.carerelay.events.Topics;
import com.carerelay.testing.Http;
import com.carerelay.testing.RealServers;
import com.carerelay.testing.ServiceIntegrationTest;
import com.carerelay.testing.TestTokens;
import com.carerelay.testing.TopicReader;
import com.carerelay.testing.TopicWriter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * delivery-service against real PostgreSQL, a real Kafka broker and a real SMTP server (GreenMail).
 * Directory data and messages arrive over their topics, the way the other services publish them.
 */
@SpringBootTest(classes = DeliveryApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=delivery-service",
                "carerelay.email.idle-poll=100ms",
                "carerelay.email.retry.initial-interval=300ms",
                "carerelay.email.retry.max-interval=1s",
                "carerelay.email.retry.max-attempts=100",
                "carerelay.email.circuit-breaker.wait-in-open=300ms",
                "carerelay.fanout.slice-size=2000",
                "carerelay.push.idle-poll=100ms",
                "carerelay.push.allow-private-networks=true",
                "carerelay.push.require-https=false",
                "carerelay.push.circuit-breaker.wait-in-open=300ms",
                "carerelay.webhook.idle-poll=100ms",
                "carerelay.webhook.allow-private-networks=true",
                "carerelay.webhook.require-https=false",
                "carerelay.webhook.timeout=2s",
                "carerelay.webhook.circuit-breaker.wait-in-open=300ms",
                "carerelay.direct.idle-poll=100ms",
                "carerelay.direct.circuit-breaker.wait-in-open=300ms",
                "carerelay.direct.attachments.circuit-breaker.wait-in-open=300ms",
                "carerelay.direct.attachments.timeout=5s",
                "carerelay.direct.revocation.timeout=2s",
                "carerelay.direct.mdn-mailbox.host=127.0.0.1",
                "carerelay.direct.mdn-mailbox.protocol=imap",
                "carerelay.direct.mdn-mailbox.username=" + Hisp.MDN_LOGIN,
                "carerelay.direct.mdn-mailbox.password=" + Hisp.MDN_PASSWORD,
                "carerelay.direct.mdn-mailbox.poll=200ms",
                "carerelay.direct.final-timeout=" + DeliveryIntegrationTest.DIRECT_FINAL_TIMEOUT,
                // the shared PostgreSQL server's shutdown hook may stop it before this context closes: the
                // outbox relay then gives up on a connection quickly instead of holding the JVM for 30 s
                "spring.datasource.hikari.connection-timeout=2000"})
public abstract class DeliveryIntegrationTest extends ServiceIntegrationTest {

    /** Short, so the timeout test is quick; long enough for the MDN tests to answer in time. */
    protected static final String DIRECT_FINAL_TIMEOUT = "6s";
    /** The development credentials key in delivery-service.yml (the test uses the default). */
    protected static final ContentSeal CONTENT = Samples.contentSeal();
    protected static final String CREDENTIALS_KEY = "Y2FyZXJlbGF5LWRldi1vbmx5LXRyYW5zaXQta2V5ISE=";
    protected static final String SUBJECT = "Medication review for anxiety";
    protected static final String BODY = "Your sertraline dose changes to 50mg from Monday.";

    @DynamicPropertySource
    static void realServers(DynamicPropertyRegistry registry) {
        RealServers.register(registry, "delivery");
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SmtpServer.get().port());
        registry.add("carerelay.direct.relay.host", () -> "127.0.0.1");
        registry.add("carerelay.direct.relay.port", () -> Hisp.get().smtpPort());
        registry.add("carerelay.direct.mdn-mailbox.port", () -> Hisp.get().imapPort());
        registry.add("carerelay.direct.trust-anchors", () -> TestPki.TRUSTED_CA.certificatePem());
        registry.add("carerelay.direct.attachments.messaging-url", () -> DirectPeers.get().messagingUrl());
    }

    @Autowired
    protected MeterRegistry meters;

    protected static SmtpServer smtp() {
        return SmtpServer.get();
    }

    /** A practice, published on the directory topic and waited for in the replica. */
    protected Practice newPractice(String name) {
        UUID id = UUID.randomUUID();
        publishDirectory(DirectoryChanged.ofPractice(id, 1, new DirectoryChanged.Practice(name,
                "notices@" + id.toString().substring(0, 8) + ".example.test", true, false)));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                jdbc.queryForObject("select count(*) from practice where id = ?", Long.class, id) == 1);
        return new Practice(id, name);
    }

    /** A practice with DIRECT switched on or off and a webhook endpoint (or none), published and waited for. */
    protected Practice newPractice(String name, boolean direct, String webhookUrl, List<String> webhookSecrets, long version) {
        return newPractice(UUID.randomUUID(), name, direct, webhookUrl, webhookSecrets, version);
    }

    /** Webhook secrets travel sealed for delivery-service, as directory-service publishes them. */
    protected Practice newPractice(UUID id, String name, boolean direct, String webhookUrl, List<String> webhookSecrets,
                                   long version) {
        Seal seal = new Seal(CREDENTIALS_KEY);
        String binding = DirectoryChanged.Practice.webhookSecretBinding(id);
        return publishPractice(id, version, new DirectoryChanged.Practice(name, senderEmail(id), true, direct, webhookUrl,
                List.of(), webhookSecrets.stream().map(secret -> seal.seal(secret, binding)).toList(), null, null));
    }

    /** Publishes this version of a practice on the directory topic and waits until the replica has it. */
    protected Practice publishPractice(UUID id, long version, DirectoryChanged.Practice practice) {
        publishDirectory(DirectoryChanged.ofPractice(id, version, practice));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from practice where id = ? and version = ?", Long.class, id, version) == 1);
        return new Practice(id, practice.name());
    }

    protected static String senderEmail(UUID practiceId) {
        return "notices@" + practiceId.toString().substring(0, 8) + ".example.test";
    }

    /** Publishes a message as messaging-service would, with attachments and recipients as given. */
    protected EventEnvelope.Outgoing publishMessage(Person sender, List<MessageSent.Recipient> recipients,
                                                    List<MessageContent.Attachment> attachments) {
        return publishMessage(UUID.randomUUID(), sender, recipients, attachments, null);
    }

    /** The same, with some recipients' own renderings sealed for this message id ({@code ContentSeal.sealRenderings}). */
    protected EventEnvelope.Outgoing publishMessage(UUID messageId, Person sender, List<MessageSent.Recipient> recipients,
                                                    List<MessageContent.Attachment> attachments, String renderings) {
        MessageSent sent = new MessageSent(messageId, sender.practiceId(), messageId,
                new Actor(sender.id(), sender.kind(), sender.name()), sealed(messageId, attachments), renderings,
                "0".repeat(64), Instant.now(), recipients, attachments.size(), 1, 1);
        EventEnvelope.Outgoing event = EventEnvelope.wrap(Topics.MESSAGES, messageId.toString(), "/carerelay/messaging",
                messageId.toString(), MessageSent.TYPE, sent);
        TopicWriter.publish(kafka(), event);
        return event;
    }

    /** The status history on the delivery status topic of one message and channel, per recipient. */
    protected Map<UUID, List<String>> statuses(String messageId, DeliveryStatusChanged.Channel channel) {
        return TopicReader.readAll(kafka(), Topics.DELIVERY_STATUS, Duration.ofSeconds(5)).stream()
                .filter(record -> messageId.equals(record.key()))
                .map(record -> record.event().payload(DeliveryStatusChanged.class))
                .filter(change -> change.channel() == channel)
                .collect(Collectors.groupingBy(DeliveryStatusChanged::recipientId,
                        Collectors.mapping(change -> change.status().name(), Collectors.toList())));
    }

    /** The state of one attempt in the database: status and reason. */
    protected Map<String, Object> attempt(EventEnvelope.Outgoing message, UUID recipientId,
                                          DeliveryStatusChanged.Channel channel) {
        List<Map<String, Object>> rows = jdbc.queryForList("""
                select id, status, reason, tries, destination from delivery_attempt
                where message_id = ? and recipient_id = ? and channel = ?""", messageId(message), recipientId,
                channel.name());
        return rows.isEmpty() ? Map.of("status", "none") : rows.getFirst();
    }

    protected EventEnvelope.Outgoing publishDirectory(DirectoryChanged change) {
        EventEnvelope.Outgoing event = EventEnvelope.wrap(Topics.DIRECTORY, change.entityId().toString(),
                "/carerelay/directory", change.entityId().toString(), DirectoryChanged.TYPE, change);
        TopicWriter.publish(kafka(), event);
        return event;
    }

    /** Publishes a message as messaging-service would; answers its envelope (publish it again to redeliver). */
    protected EventEnvelope.Outgoing publishMessage(Person sender, Person... recipients) {
        EventEnvelope.Outgoing event = messageSent(UUID.randomUUID(), sender, recipients);
        TopicWriter.publish(kafka(), event);
        return event;
    }

    protected static EventEnvelope.Outgoing messageSent(UUID messageId, Person sender, Person... recipients) {
        MessageSent sent = new MessageSent(messageId, sender.practiceId(), messageId,
                new Actor(sender.id(), sender.kind(), sender.name()), sealed(messageId, List.of()), "0".repeat(64),
                Instant.now(), Arrays.stream(recipients).map(recipient -> new MessageSent.Recipient(recipient.id(),
                        recipient.kind(), recipient.name(), null)).toList(), 0);
        return EventEnvelope.wrap(Topics.MESSAGES, messageId.toString(), "/carerelay/messaging", messageId.toString(),
                MessageSent.TYPE, sent);
    }

    /** SUBJECT and BODY with these attachments, sealed as messaging-service seals a message's content. */
    protected static String sealed(UUID messageId, List<MessageContent.Attachment> attachments) {
        return CONTENT.seal(messageId, new MessageContent(SUBJECT, BODY, attachments));
    }

    protected static UUID messageId(EventEnvelope.Outgoing event) {
        return UUID.fromString(event.key());
    }

    /** Waits until the consumer has handled the event (its id is recorded as processed). */
    protected void awaitHandled(EventEnvelope.Outgoing event) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from processed_event where event_id = ?", Long.class, event.id().toString()) == 1);
    }

    /**
     * Waits until both the message consumer and this instance's live-stream consumer (which starts at
     * the latest offset) are running, so timings measure delivery only.
     */
    protected void awaitLiveStreamsFed(Person sender) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            double before = liveEvents();
            awaitHandled(publishMessage(sender, sender));
            try {
                await().atMost(Duration.ofSeconds(3)).until(() -> liveEvents() > before);
                return true;
            } catch (ConditionTimeoutException notYet) {
                return false;
            }
        });
    }

    private double liveEvents() {
        return meters.get("carerelay.notifications.live.events").counter().count();
    }

    protected List<MimeMessage> mailTo(String address) {
        return smtp().received().stream().filter(message -> {
            try {
                Address[] to = message.getAllRecipients();
                return to != null && Arrays.stream(to).anyMatch(a -> a.toString().contains(address));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** Someone in a practice, as messages and tokens name them. */
    protected record Person(UUID id, UUID practiceId, PrincipalKind kind, String name, String email) {

        String token(String... permissions) {
            return kind == PrincipalKind.client ? TestTokens.client(id, practiceId)
                    : TestTokens.staff(id, practiceId, permissions);
        }
    }

    protected final class Practice {
        public final UUID id;
        public final String name;

        Practice(UUID id, String name) {
            this.id = id;
            this.name = name;
        }

        public Person staff(String firstName, String lastName, boolean emailNotices) {
            UUID staffId = UUID.randomUUID();
            String email = firstName.toLowerCase() + "." + staffId.toString().substring(0, 8) + "@example.test";
            publishDirectory(DirectoryChanged.ofStaff(staffId, id, 1, new DirectoryChanged.Staff(firstName, lastName,
                    email, true, List.of("message:send", "delivery:redrive"), emailNotices)));
            awaitReplica(staffId);
            return new Person(staffId, id, PrincipalKind.staff, firstName + " " + lastName, email);
        }

        public Person client(String firstName, String lastName, boolean emailNotices) {
            UUID clientId = UUID.randomUUID();
            String email = firstName.toLowerCase() + "." + clientId.toString().substring(0, 8) + "@example.test";
            return client(clientId, firstName, lastName, email, emailNotices, 1);
        }

        /** Publishes (a new version of) a portal client and waits until the replica has that version. */
        public Person client(UUID clientId, String firstName, String lastName, String email, boolean emailNotices,
                             long version) {
            publishDirectory(DirectoryChanged.ofClient(clientId, id, version, new DirectoryChanged.Client(firstName,
                    lastName, null, email, DirectoryChanged.PortalStatus.active, emailNotices, false)));
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                    "select count(*) from directory_entry where id = ? and version = ?", Long.class, clientId, version) == 1);
            return new Person(clientId, id, PrincipalKind.client, firstName + " " + lastName, email);
        }

        /** A portal client who wants (or not) web push, with these subscriptions; waits until the replica has the version. */
        public Person pushClient(UUID clientId, String firstName, String lastName, boolean push,
                                 List<DirectoryChanged.PushSubscription> subscriptions, long version) {
            return pushClient(clientId, firstName, lastName, false, push, subscriptions, version);
        }

        public Person pushClient(UUID clientId, String firstName, String lastName, boolean emailNotices, boolean push,
                                 List<DirectoryChanged.PushSubscription> subscriptions, long version) {
            String email = firstName.toLowerCase() + "." + clientId.toString().substring(0, 8) + "@example.test";
            publishDirectory(DirectoryChanged.ofClient(clientId, id, version, new DirectoryChanged.Client(firstName,
                    lastName, null, email, DirectoryChanged.PortalStatus.active, emailNotices, push, subscriptions)));
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                    "select count(*) from directory_entry where id = ? and version = ?", Long.class, clientId, version) == 1);
            return new Person(clientId, id, PrincipalKind.client, firstName + " " + lastName, email);
        }

        /** A staff member with validated DIRECT credentials; the private key travels sealed, as directory-service sends it. */
        public Person directSender(String firstName, String lastName, String directAddress, TestPki.Issued identity) {
            UUID staffId = UUID.randomUUID();
            String sealed = new Seal(CREDENTIALS_KEY).seal(identity.privateKeyPkcs8Pem(), staffId.toString());
            publishDirectory(DirectoryChanged.ofStaff(staffId, id, 1, new DirectoryChanged.Staff(firstName, lastName,
                    firstName.toLowerCase() + "@example.test", true, List.of("message:send", "direct:send"), false,
                    directAddress, true, identity.certificatePem(), sealed)));
            awaitReplica(staffId);
            return new Person(staffId, id, PrincipalKind.staff, firstName + " " + lastName, null);
        }

        /** A DIRECT contact of this practice; answers the recipient as MessageSent names it. */
        public MessageSent.Recipient directContact(String name, String directAddress, String certificatePem) {
            UUID contactId = UUID.randomUUID();
            publishDirectory(new DirectoryChanged(contactId, DirectoryChanged.EntityKind.direct_contact, id, 1, false,
                    Instant.now(), null, null, null, null, new DirectoryChanged.DirectContact(name, "Elsewhere Health",
                    directAddress, certificatePem, true)));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    jdbc.queryForObject("select count(*) from direct_contact where id = ?", Long.class, contactId) == 1);
            return new MessageSent.Recipient(contactId, PrincipalKind.direct_contact, name, null, directAddress, null);
        }

        private void awaitReplica(UUID personId) {
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    jdbc.queryForObject("select count(*) from directory_entry where id = ?", Long.class, personId) == 1);
        }
    }
}
