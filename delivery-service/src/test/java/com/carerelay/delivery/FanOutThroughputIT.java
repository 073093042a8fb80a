package com.carerelay.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.carerelay.events.EventEnvelope;
import com.carerelay.events.PrincipalKind;
import com.carerelay.testing.TopicWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fan-out keeps up with thousands of messages a second: each consumer batch is one transaction
 * of a few JDBC batch statements, never a round trip per message or recipient.
 */
class FanOutThroughputIT extends DeliveryIntegrationTest {


    private static final Logger log = LoggerFactory.getLogger(FanOutThroughputIT.class);
    private static final int MESSAGES = 5_000;

    @Test
    void fansOutThousandsOfMessagesASecond() throws Exception {
        Practice practice = newPractice("Busy Practice");
        Person dana = practice.staff("Dana", "Reyes", false);
        Person sam = practice.staff("Sam", "Okafor", false);
        Person casey = practice.client("Casey", "Lin", false);
        awaitHandled(publishMessage(dana, sam)); // the consumer is assigned and warm

        List<EventEnvelope.Outgoing> events = new ArrayList<>(MESSAGES);
        for (int i = 0; i < MESSAGES; i++) {
            events.add(messageSent(UUID.randomUUID(), dana, sam, casey));
        }
        long batchesBefore = meters.get("carerelay.delivery.fanout.batch").timer().count();
        double batchMillisBefore = meters.get("carerelay.delivery.fanout.batch").timer().totalTime(TimeUnit.MILLISECONDS);
        long started = System.nanoTime();
        TopicWriter.publishAll(kafka(), events);
        double publishSeconds = (System.nanoTime() - started) / 1e9;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> jdbc.queryForObject(
                "select count(*) from notification where recipient_id = ?", Long.class, casey.id()) == MESSAGES);
        double seconds = (System.nanoTime() - started) / 1e9;
        double perSecond = MESSAGES / seconds;
        Timer batches = meters.get("carerelay.delivery.fanout.batch").timer();
        long batchCount = batches.count() - batchesBefore;
        double batchSeconds = (batches.totalTime(TimeUnit.MILLISECONDS) - batchMillisBefore) / 1000;
        log.info("Fanned out {} messages to {} recipients each in {} s end to end ({} s of it publishing): {} messages/s;"
                        + " {} batches took {} s inside their transactions: {} messages/s of fan-out capacity",
                MESSAGES, 2, String.format("%.2f", seconds), String.format("%.2f", publishSeconds),
                Math.round(perSecond), batchCount, String.format("%.2f", batchSeconds), Math.round(MESSAGES / batchSeconds));

        assertThat(jdbc.queryForObject("select count(*) from delivery_attempt where recipient_id = ?", Long.class,
                sam.id())).isEqualTo(MESSAGES + 1);
        // a floor a shared, busy two-core machine still clears; the log line above shows the real figures
        assertThat(perSecond).isGreaterThan(500);
    }

    @Test
    void aBroadcastToMoreRecipientsThanOneSliceReachesEveryoneOnce() {
        Practice practice = newPractice("Broadcast Practice");
        Person dana = practice.staff("Dana", "Reyes", false);
        Person[] everyone = new Person[2_500];
        for (int i = 0; i < everyone.length; i++) {
            everyone[i] = new Person(UUID.randomUUID(), practice.id, PrincipalKind.staff, "Staff " + i, null);
        }
        EventEnvelope.Outgoing broadcast = publishMessage(dana, everyone);
        awaitHandled(broadcast);

        assertThat(jdbc.queryForObject("select count(*) from delivery_attempt where message_id = ?", Long.class,
                messageId(broadcast))).isEqualTo(everyone.length);
        assertThat(jdbc.queryForObject("select count(distinct recipient_id) from notification where message_id = ?",
                Long.class, messageId(broadcast))).isEqualTo(everyone.length);
        Person last = everyone[everyone.length - 1];
        assertThat(http().get("/api/v1/notifications", last.token()).json().get(0).get("messageId").asString())
                .isEqualTo(broadcast.key());
    }
}
