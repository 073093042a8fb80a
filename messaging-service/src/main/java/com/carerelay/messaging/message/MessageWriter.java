package com.carerelay.messaging.message;

import com.carerelay.events.EventEnvelope;
import com.carerelay.events.PrincipalKind;
import com.carerelay.platform.outbox.OutboxWriter;
import com.carerelay.platform.tracing.EventTracing;
import com.carerelay.platform.web.ApiException;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores sent messages with group commit: concurrent sends share one transaction, a few multi-row
 * statements and one commit, instead of a transaction, five round trips and an fsync each. A send
 * returns only after the transaction holding it committed, so an accepted message is durable, its
 * copies exist and its MessageSent events are in the outbox. When a batch fails, each of its sends is
 * retried in a transaction of its own, so one bad send never fails the others.
 */
@Component
public class MessageWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MessageWriter.class);

    public enum Outcome {
        STORED,
        /** Another request claimed the idempotency key first; nothing was stored. */
        KEY_ALREADY_CLAIMED
    }

    private static final String CLAIM_KEYS = """
            insert into idempotency_key (practice_id, sender_id, key, request_sha256, message_id, created_at)
            select * from unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::uuid[], ?::timestamptz[])
            on conflict do nothing returning message_id""";
    private static final String INSERT_MESSAGES = """
            insert into message (id, practice_id, thread_id, sender_id, sender_kind, sender_name, subject, body,
                content_sha256, sent_at)
            select * from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[],
                ?::text[], ?::timestamptz[])""";
    private static final String INSERT_COPIES = """
            insert into message_recipient (id, message_id, practice_id, recipient_id, recipient_kind, display_name,
                via_group_id, sent_at, subject, body, address)
            select * from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::uuid[],
                ?::timestamptz[], ?::text[], ?::text[], ?::text[])""";
    private static final String BIND_ATTACHMENTS = """
            update attachment set message_id = ? where practice_id = ? and id = any (?) and message_id is null""";

    /** A send waiting for its transaction, with the trace context of its HTTP request (the writer thread has none). */
    private record Pending(NewMessage message, EventEnvelope.TraceContext trace, CompletableFuture<Outcome> outcome) {
    }

    private final JdbcTemplate jdbc;
    private final OutboxWriter outbox;
    private final EventTracing tracing;
    private final TransactionTemplate transactions;
    private final BlockingQueue<Pending> queue;
    private final int maxBatch;
    private final int threads;
    private final DistributionSummary batchSizes;
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running;

    public MessageWriter(JdbcTemplate jdbc, OutboxWriter outbox, EventTracing tracing,
                         PlatformTransactionManager transactionManager, MeterRegistry meters,
                         @Value("${carerelay.messages.writer.threads:2}") int threads,
                         @Value("${carerelay.messages.writer.max-batch:256}") int maxBatch,
                         @Value("${carerelay.messages.writer.queue:10000}") int queueCapacity) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.tracing = tracing;
        this.transactions = new TransactionTemplate(transactionManager);
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.threads = threads;
        this.maxBatch = maxBatch;
        this.batchSizes = DistributionSummary.builder("carerelay.messages.write.batch.size")
                .description("messages stored per transaction").register(meters);
    }

    /**
     * Stores the message (blocks until its transaction committed). Throws what storing it threw, or
     * 503 when the writers are overloaded or stopping.
     */
    public Outcome write(NewMessage message) {
        Pending pending = new Pending(message, tracing.current(), new CompletableFuture<>());
        try {
            if (!running || !queue.offer(pending, 5, TimeUnit.SECONDS)) {
                throw busy();
            }
            return pending.outcome().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        } catch (TimeoutException e) {
            throw busy();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static ApiException busy() {
        return ApiException.unavailable(1, "Too many messages are being sent right now; nothing was sent. Try again shortly.");
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                store(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("Message writer failed unexpectedly; the batch's sends were answered with an error", e);
                batch.forEach(pending -> pending.outcome().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void store(List<Pending> batch) {
        try {
            List<Outcome> outcomes = transactions.execute(status -> storeAll(batch));
            batchSizes.record(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).outcome().complete(outcomes.get(i));
            }
        } catch (RuntimeException failure) {
            if (batch.size() == 1) {
                batch.getFirst().outcome().completeExceptionally(failure);
                return;
            }
            for (Pending pending : batch) {
                store(List.of(pending));
            }
        }
    }

    private List<Outcome> storeAll(List<Pending> batch) {
        List<NewMessage> all = batch.stream().map(Pending::message).toList();
        Set<UUID> claimed = claimKeys(all.stream().filter(message -> message.claim() != null).toList());
        List<Outcome> outcomes = new ArrayList<>(all.size());
        List<NewMessage> stored = new ArrayList<>(all.size());
        List<EventEnvelope.Outgoing> events = new ArrayList<>();
        for (Pending pending : batch) {
            NewMessage message = pending.message();
            boolean store = message.claim() == null || claimed.contains(message.id());
            outcomes.add(store ? Outcome.STORED : Outcome.KEY_ALREADY_CLAIMED);
            if (store) {
                stored.add(message);
                message.events().forEach(event -> events.add(event.trace() == null ? event.withTrace(pending.trace()) : event));
            }
        }
        if (stored.isEmpty()) {
            return outcomes;
        }
        insertMessages(stored);
        insertCopies(stored);
        for (NewMessage message : stored) {
            if (!message.attachmentIds().isEmpty()) {
                int bound = jdbc.update(BIND_ATTACHMENTS, message.id(), message.practiceId(),
                        message.attachmentIds().toArray(UUID[]::new));
                if (bound != message.attachmentIds().size()) {
                    throw new ApiException(HttpStatus.CONFLICT, "attachmentIds",
                            "attachmentIds: an attachment was sent with another message meanwhile; upload it again.");
                }
            }
        }
        outbox.append(events);
        return outcomes;
    }

    private Set<UUID> claimKeys(List<NewMessage> keyed) {
        if (keyed.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.queryForList(CLAIM_KEYS, UUID.class,
                keyed.stream().map(NewMessage::practiceId).toArray(UUID[]::new),
                keyed.stream().map(NewMessage::senderId).toArray(UUID[]::new),
                keyed.stream().map(message -> message.claim().key()).toArray(String[]::new),
                keyed.stream().map(message -> message.claim().requestSha256()).toArray(String[]::new),
                keyed.stream().map(NewMessage::id).toArray(UUID[]::new),
                keyed.stream().map(message -> Timestamp.from(message.sentAt())).toArray(Timestamp[]::new)));
    }

    private void insertMessages(List<NewMessage> messages) {
        jdbc.update(INSERT_MESSAGES,
                messages.stream().map(NewMessage::id).toArray(UUID[]::new),
                messages.stream().map(NewMessage::practiceId).toArray(UUID[]::new),
                messages.stream().map(NewMessage::threadId).toArray(UUID[]::new),
                messages.stream().map(NewMessage::senderId).toArray(UUID[]::new),
                messages.stream().map(message -> message.senderKind().name()).toArray(String[]::new),
                messages.stream().map(NewMessage::senderName).toArray(String[]::new),
                messages.stream().map(NewMessage::subject).toArray(String[]::new),
                messages.stream().map(NewMessage::body).toArray(String[]::new),
                messages.stream().map(NewMessage::contentSha256).toArray(String[]::new),
                messages.stream().map(message -> Timestamp.from(message.sentAt())).toArray(Timestamp[]::new));
    }

    private void insertCopies(List<NewMessage> messages) {
        int count = messages.stream().mapToInt(message -> message.copies().size()).sum();
        UUID[] ids = new UUID[count];
        UUID[] messageIds = new UUID[count];
        UUID[] practiceIds = new UUID[count];
        UUID[] recipientIds = new UUID[count];
        String[] kinds = new String[count];
        String[] names = new String[count];
        UUID[] viaGroups = new UUID[count];
        Timestamp[] sentAt = new Timestamp[count];
        String[] subjects = new String[count];
        String[] bodies = new String[count];
        String[] addresses = new String[count];
        int i = 0;
        for (NewMessage message : messages) {
            Timestamp sent = Timestamp.from(message.sentAt());
            for (NewMessage.Copy copy : message.copies()) {
                ids[i] = UUID.randomUUID();
                messageIds[i] = message.id();
                practiceIds[i] = message.practiceId();
                recipientIds[i] = copy.recipientId();
                kinds[i] = copy.recipientKind().name();
                names[i] = copy.displayName();
                viaGroups[i] = copy.viaGroupId();
                sentAt[i] = sent;
                subjects[i] = copy.subject();
                bodies[i] = copy.body();
                addresses[i] = copy.address();
                i++;
            }
        }
        jdbc.update(INSERT_COPIES, ids, messageIds, practiceIds, recipientIds, kinds, names, viaGroups, sentAt, subjects,
                bodies, addresses);
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < threads; i++) {
            Thread writer = Thread.ofPlatform().name("message-writer-" + i).daemon().start(this::run);
            writers.add(writer);
        }
    }

    /** Stops after the web server (phase 0 < the web server's), storing what is queued first. */
    @Override
    public void stop() {
        running = false;
        for (Thread writer : writers) {
            try {
                writer.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writers.clear();
        queue.forEach(pending -> pending.outcome().completeExceptionally(busy()));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return 0;
    }
}
