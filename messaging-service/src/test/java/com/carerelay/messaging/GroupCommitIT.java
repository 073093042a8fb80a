package com.carerelay.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.carerelay.events.Topics;
import com.carerelay.testing.Http;
import com.carerelay.testing.TopicReader;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Concurrent sends share transactions (MessageWriter's group commit); each is still all-or-nothing
 * and answered only after it is durable, with its copies and its MessageSent event.
 */
class GroupCommitIT extends MessagingIntegrationTest {

    Practice practice;
    List<String> senders = new ArrayList<>();
    UUID sam;

    @BeforeEach
    void givenAPracticeWithFourSenders() {
        practice = newPractice();
        for (String name : List.of("Dana", "Morgan", "Alex", "Casey")) {
            UUID sender = practice.staff(name, "Sender", true, "message:send");
            senders.add(practice.token(sender, "message:send"));
        }
        sam = practice.staff("Sam", "Okafor", true);
    }

    @Test
    void concurrentSendsAreAllStoredWithTheirCopiesAndEvents() throws Exception {
        List<Http.Response> responses = concurrently(40, i -> http().post("/api/v1/messages", senders.get(i % 4),
                toSam("Check-in " + i)));

        assertThat(responses).allSatisfy(response -> assertThat(response.status()).as(response.toString()).isEqualTo(201));
        Set<String> ids = responses.stream().map(response -> response.json().get("id").asString()).collect(Collectors.toSet());
        assertThat(ids).hasSize(40);
        assertThat(jdbc.queryForObject("select count(*) from message m join message_recipient r on r.message_id = m.id"
                + " where m.practice_id = ? and r.recipient_id = ?", Long.class, practice.id, sam)).isEqualTo(40);
        await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readAll(kafka(), Topics.MESSAGES, Duration.ofSeconds(1))
                .stream().map(TopicReader.Seen::key).collect(Collectors.toSet()).containsAll(ids));
    }

    @Test
    void concurrentRetriesWithOneIdempotencyKeyCreateOneMessage() throws Exception {
        String request = toSam("Lab results");
        List<Http.Response> responses = concurrently(10, i -> http().post("/api/v1/messages", senders.getFirst(), request,
                "same-key"));

        assertThat(responses).allSatisfy(response -> assertThat(response.status()).as(response.toString()).isEqualTo(201));
        assertThat(responses.stream().map(response -> response.json().get("id").asString()).distinct()).hasSize(1);
        assertThat(jdbc.queryForObject("select count(*) from message where practice_id = ?", Long.class, practice.id))
                .isEqualTo(1);
        assertThat(responses.stream().filter(response -> response.raw().headers().firstValue("Idempotent-Replayed")
                .isPresent())).hasSize(9);
    }

    @Test
    void whenTwoSendsRaceForOneAttachmentOneWinsAndTheOthersInTheirBatchAreStored() throws Exception {
        Http.Response upload = http().send(uploadRequest(senders.getFirst()));
        assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
        String attachmentId = upload.json().get("id").asString();

        List<Http.Response> responses = concurrently(22, i -> i < 2
                ? http().post("/api/v1/messages", senders.getFirst(), """
                        {"subject":"Forms","body":"Please sign.","recipients":{"staffIds":["%s"]},"attachmentIds":["%s"]}"""
                        .formatted(sam, attachmentId))
                : http().post("/api/v1/messages", senders.get(1 + i % 3), toSam("Other " + i)));

        List<Integer> racing = responses.subList(0, 2).stream().map(Http.Response::status).sorted().toList();
        assertThat(racing).containsAnyOf(201);
        assertThat(racing.stream().filter(status -> status == 201)).hasSize(1);
        assertThat(racing).allSatisfy(status -> assertThat(status).isIn(201, 400, 409));
        Http.Response loser = responses.subList(0, 2).stream().filter(response -> response.status() != 201).findFirst()
                .orElseThrow();
        assertThat(loser.isProblem()).isTrue();
        assertThat(loser.body()).contains("attachmentIds");
        assertThat(responses.subList(2, 22)).allSatisfy(response -> assertThat(response.status()).isEqualTo(201));
        assertThat(jdbc.queryForObject("select count(*) from message where practice_id = ?", Long.class, practice.id))
                .isEqualTo(21);
        assertThat(jdbc.queryForObject("select count(*) from attachment where id = ?::uuid and message_id is not null",
                Long.class, attachmentId)).isEqualTo(1);
    }

    private String toSam(String subject) {
        return """
                {"subject":"%s","body":"Please confirm tomorrow's appointment.","recipients":{"staffIds":["%s"]}}"""
                .formatted(subject, sam);
    }

    private HttpRequest uploadRequest(String token) {
        String boundary = "carerelay-" + UUID.randomUUID();
        byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"forms.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
                + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        return http().request("/api/v1/attachments", token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    interface Call {
        Http.Response call(int index) throws Exception;
    }

    /** Runs the calls at the same moment, each on its own thread. */
    private static List<Http.Response> concurrently(int count, Call call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Http.Response>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                int index = i;
                Callable<Http.Response> task = () -> {
                    start.await();
                    return call.call(index);
                };
                futures.add(threads.submit(task));
            }
            start.countDown();
            List<Http.Response> responses = new ArrayList<>();
            for (Future<Http.Response> future : futures) {
                responses.add(future.get());
            }
            return responses;
        }
    }
}
