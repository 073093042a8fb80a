package com.carerelay.events;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one event envelope: CloudEvents 1.0 in Kafka binary mode ({@code ce_id}, {@code ce_type},
 * {@code ce_source}, {@code ce_time}, {@code ce_subject} headers; JSON body). {@code ce_type} is
 * the logical, versioned name of the payload record, never a class name.
 */
public final class EventEnvelope {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // events written before a field existed still parse (e.g. recipientBatch: 0 reads as the first batch)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private static final Map<String, Class<?>> PAYLOAD_TYPES = Map.of(
            MessageSent.TYPE, MessageSent.class,
            MessageRead.TYPE, MessageRead.class,
            DeliveryStatusChanged.TYPE, DeliveryStatusChanged.class,
            DirectoryChanged.TYPE, DirectoryChanged.class);

    /** The CloudEvents distributed-tracing extension's attributes ({@code ce_traceparent}, {@code ce_tracestate}). */
    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    private EventEnvelope() {
    }

    /**
     * The W3C trace context of the span an event continues, carried as the CloudEvents distributed-tracing
     * extension ({@code ce_traceparent}, {@code ce_tracestate} headers). Ids only, never PHI.
     */
    public record TraceContext(String traceparent, String tracestate) {

        /** The context, or null when {@code traceparent} is absent (an event outside any trace). */
        public static TraceContext of(String traceparent, String tracestate) {
            if (traceparent == null || traceparent.isBlank()) {
                return null;
            }
            return new TraceContext(traceparent, tracestate == null || tracestate.isBlank() ? null : tracestate);
        }
    }

    /**
     * An event ready to be stored in an outbox and published later; {@code trace} (null when none) is the span
     * it continues, stamped by the outbox writer.
     */
    public record Outgoing(UUID id, String type, String topic, String key, String source, String subject,
                           Instant time, byte[] data, TraceContext trace) {

        public Outgoing(UUID id, String type, String topic, String key, String source, String subject, Instant time,
                        byte[] data) {
            this(id, type, topic, key, source, subject, time, data, null);
        }

        public Outgoing withTrace(TraceContext newTrace) {
            return new Outgoing(id, type, topic, key, source, subject, time, data, newTrace);
        }
    }

    /** An event read off a topic; its JSON body is parsed once, on first use. */
    public static final class Incoming {

        private final String id;
        private final String type;
        private final String source;
        private final String subject;
        private final Instant time;
        private final byte[] data;
        private final TraceContext trace;
        private Object payload;

        public Incoming(String id, String type, String source, String subject, Instant time, byte[] data) {
            this(id, type, source, subject, time, data, null);
        }

        public Incoming(String id, String type, String source, String subject, Instant time, byte[] data,
                        TraceContext trace) {
            this.id = id;
            this.type = type;
            this.source = source;
            this.subject = subject;
            this.time = time;
            this.data = data;
            this.trace = trace;
        }

        /** The same event continuing another span (the consumer's), its parsed payload kept. */
        public Incoming withTrace(TraceContext newTrace) {
            Incoming traced = new Incoming(id, type, source, subject, time, data, newTrace);
            traced.payload = payload;
            return traced;
        }

        public String id() {
            return id;
        }

        public String type() {
            return type;
        }

        public String source() {
            return source;
        }

        public String subject() {
            return subject;
        }

        public Instant time() {
            return time;
        }

        public byte[] data() {
            return data;
        }

        /** The span this event continues (from {@code ce_traceparent}), or null. */
        public TraceContext trace() {
            return trace;
        }

        /** The payload record its {@code ce_type} names. */
        public Object payload() {
            if (payload == null) {
                Class<?> payloadType = PAYLOAD_TYPES.get(type);
                if (payloadType == null) {
                    throw new MalformedEventException("unknown ce_type '" + type + "'");
                }
                payload = parse(payloadType);
            }
            return payload;
        }

        public <T> T payload(Class<T> payloadType) {
            Object parsed = payload();
            if (!payloadType.isInstance(parsed)) {
                throw new MalformedEventException(type + " " + id + " is not a " + payloadType.getSimpleName());
            }
            return payloadType.cast(parsed);
        }

        private Object parse(Class<?> payloadType) {
            try {
                return Objects.requireNonNull(JSON.readValue(data, payloadType), "empty body");
            } catch (JacksonException | NullPointerException e) {
                throw new MalformedEventException("body of " + type + " " + id + " is not valid: " + e.getMessage());
            }
        }

        @Override
        public String toString() {
            return type + " " + id;
        }
    }

    /** The event cannot be read: it goes to the dead-letter topic, it is never retried. */
    public static final class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message) {
            super(message);
        }
    }

    /**
     * Wraps a payload record. {@code source} names the producing service ({@code /carerelay/messaging});
     * {@code subject} is an id, never PHI, since headers show up in ops tooling.
     */
    public static Outgoing wrap(String topic, String key, String source, String subject, String type, Object payload) {
        if (!PAYLOAD_TYPES.containsKey(type) || !PAYLOAD_TYPES.get(type).isInstance(payload)) {
            throw new IllegalArgumentException("payload " + payload.getClass().getSimpleName() + " is not a " + type);
        }
        return new Outgoing(UUID.randomUUID(), type, topic, key, source, subject, Instant.now(), toJson(payload));
    }

    public static byte[] toJson(Object payload) {
        return JSON.writeValueAsBytes(payload);
    }

    /** The Kafka record for an outgoing event, in binary mode, with its trace context when it has one. */
    public static ProducerRecord<String, byte[]> toRecord(Outgoing event) {
        CloudEventBuilder builder = CloudEventBuilder.v1();
        if (event.trace() != null) {
            builder.withExtension(TRACEPARENT, event.trace().traceparent());
            if (event.trace().tracestate() != null) {
                builder.withExtension(TRACESTATE, event.trace().tracestate());
            }
        }
        CloudEvent cloudEvent = builder
                .withId(event.id().toString())
                .withType(event.type())
                .withSource(URI.create(event.source()))
                .withSubject(event.subject())
                .withTime(event.time().atOffset(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withData(event.data())
                .build();
        return KafkaMessageFactory.<String>createWriter(event.topic(), event.key()).writeBinary(cloudEvent);
    }

    /**
     * Reads an event from the headers a consumer received (values as {@code byte[]} or {@code String})
     * and the record value.
     */
    public static Incoming read(Map<String, ?> headers, byte[] value) {
        RecordHeaders kafkaHeaders = new RecordHeaders();
        headers.forEach((name, headerValue) -> {
            if (name.startsWith("ce_") || name.equals("content-type")) {
                kafkaHeaders.add(name, headerValue instanceof byte[] bytes ? bytes
                        : String.valueOf(headerValue).getBytes(StandardCharsets.UTF_8));
            }
        });
        try {
            CloudEvent cloudEvent = KafkaMessageFactory.createReader(kafkaHeaders, value).toEvent();
            if (cloudEvent.getData() == null) {
                throw new MalformedEventException("event " + cloudEvent.getId() + " has no body");
            }
            return new Incoming(cloudEvent.getId(), cloudEvent.getType(), cloudEvent.getSource().toString(),
                    cloudEvent.getSubject(),
                    cloudEvent.getTime() == null ? null : cloudEvent.getTime().toInstant(),
                    cloudEvent.getData().toBytes(), TraceContext.of(extension(cloudEvent, TRACEPARENT),
                    extension(cloudEvent, TRACESTATE)));
        } catch (CloudEventRWException | IllegalStateException e) {
            throw new MalformedEventException("not a CloudEvent: " + e.getMessage());
        }
    }

    private static String extension(CloudEvent event, String name) {
        Object value = event.getExtension(name);
        return value == null ? null : value.toString();
    }
}
