package com.carerelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.carerelay.events.EventEnvelope;
import com.carerelay.testing.Http;
import com.carerelay.testing.RealServers;
import com.carerelay.testing.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances of delivery-service share the database and the consumer group, as behind a load
 * balancer: a recipient's live stream gets the notice whichever instance consumed the message.
 */
class TwoInstancesIT extends DeliveryIntegrationTest {

    static ConfigurableApplicationContext second;

    @BeforeAll
    static void startASecondInstance() {
        // command-line arguments: they win over the ${ENV:default} values in delivery-service.yml
        second = DeliveryApplication.builder().run(
                "--server.port=0",
                "--spring.datasource.url=" + RealServers.database("delivery"),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres",
                "--spring.datasource.hikari.connection-timeout=2000",
                "--spring.kafka.bootstrap-servers=" + RealServers.kafkaBootstrapServers(),
                "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + TestTokens.jwkSetUri(),
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestTokens.ISSUER,
                "--carerelay.secrets.allow-development-keys=true",
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + SmtpServer.get().port());
    }

    @AfterAll
    static void stopTheSecondInstance() {
        if (second != null) {
            second.close();
        }
    }

    @Test
    void aStreamOnEitherInstanceGetsEveryNotice() throws Exception {
        Practice practice = newPractice("Two Rivers Health");
        Person dana = practice.staff("Dana", "Reyes", false);
        Person sam = practice.staff("Sam", "Okafor", false);
        awaitLiveStreamsFed(dana);
        Http secondInstance = Http.localhost(Integer.parseInt(second.getEnvironment().getProperty("local.server.port")));

        try (SseClient here = SseClient.open(http(), "/api/v1/notifications/stream", sam.token());
             SseClient there = SseClient.open(secondInstance, "/api/v1/notifications/stream", sam.token())) {
            assertThat(here.next(Duration.ofSeconds(5)).name()).isEqualTo("ready");
            assertThat(there.next(Duration.ofSeconds(5)).name()).isEqualTo("ready");
            // the second instance's live consumer starts at the latest offset: wait until it is assigned
            awaitSecondInstanceFed(dana);

            for (int i = 0; i < 6; i++) { // keys spread over the partitions both instances' consumers share
                EventEnvelope.Outgoing sent = publishMessage(dana, sam);
                for (SseClient stream : new SseClient[]{here, there}) {
                    SseClient.Event notice = stream.next(Duration.ofSeconds(10));
                    assertThat(notice).as("notice %s", i).isNotNull();
                    assertThat(Http.JSON.readTree(notice.data()).get("messageId").asString()).isEqualTo(sent.key());
                }
            }
        }
        assertThat(http().get("/api/v1/notifications", sam.token()).json()).hasSize(6);
        assertThat(secondInstance.get("/api/v1/notifications", sam.token()).json()).hasSize(6);
    }

    private void awaitSecondInstanceFed(Person sender) {
        MeterRegistry secondMeters = second.getBean(MeterRegistry.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            double before = secondMeters.get("carerelay.notifications.live.events").counter().count();
            awaitHandled(publishMessage(sender, sender));
            try {
                await().atMost(Duration.ofSeconds(3)).until(() ->
                        secondMeters.get("carerelay.notifications.live.events").counter().count() > before);
                return true;
            } catch (ConditionTimeoutException notYet) {
                return false;
            }
        });
    }
}
