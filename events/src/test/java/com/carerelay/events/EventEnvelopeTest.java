package com.carerelay.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventEnvelopeTest {

    private static final ObjectMapper SCHEMA_JSON = new ObjectMapper();

    @Test
    void producedMessageSentMatchesItsSchemaAndRoundTripsThroughBinaryMode() throws IOException {
        MessageSent sent = new MessageSent(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                new Actor(UUID.randomUUID(), PrincipalKind.staff, "Dana Reyes"), "c2VhbGVk",
                "a".repeat(64), Instant.parse("2026-11-21T10:15:30Z"),
                List.of(new MessageSent.Recipient(UUID.randomUUID(), PrincipalKind.staff, "Sam Okafor", null)), 0);

        EventEnvelope.Outgoing outgoing = EventEnvelope.wrap(Topics.MESSAGES, sent.messageId().toString(),
                "/carerelay/messaging", sent.messageId().toString(), MessageSent.TYPE, sent);
        assertThat(schemaErrors(MessageSent.TYPE, outgoing.data())).isEmpty();

        ProducerRecord<String, byte[]> record = EventEnvelope.toRecord(outgoing);
        Map<String, Object> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value());
        }
        assertThat(headers).containsKeys("ce_id", "ce_type", "ce_source", "ce_time", "ce_subject", "ce_specversion");
        assertThat(new String((byte[]) headers.get("ce_type"), StandardCharsets.UTF_8)).isEqualTo("carerelay.message.sent.v2");

        EventEnvelope.Incoming incoming = EventEnvelope.read(headers, record.value());
        assertThat(incoming.id()).isEqualTo(outgoing.id().toString());
        assertThat(incoming.payload()).isEqualTo(sent);
    }

    @Test
    void theTraceContextTravelsAsTheCloudEventsDistributedTracingExtension() {
        EventEnvelope.TraceContext trace = new EventEnvelope.TraceContext(
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "carerelay=1");
        EventEnvelope.Outgoing outgoing = new EventEnvelope.Outgoing(UUID.randomUUID(), MessageRead.TYPE, Topics.MESSAGES,
                "key", "/carerelay/messaging", "subject", Instant.now(), Samples.body(MessageRead.TYPE)).withTrace(trace);

        ProducerRecord<String, byte[]> record = EventEnvelope.toRecord(outgoing);
        Map<String, Object> headers = new HashMap<>();
        record.headers().forEach(header -> headers.put(header.key(), header.value()));

        assertThat(new String((byte[]) headers.get("ce_traceparent"), StandardCharsets.UTF_8)).isEqualTo(trace.traceparent());
        assertThat(EventEnvelope.read(headers, record.value()).trace()).isEqualTo(trace);
        assertThat(EventEnvelope.read(Map.of("ce_id", "x", "ce_type", MessageRead.TYPE, "ce_source", "/t",
                "ce_specversion", "1.0"), Samples.body(MessageRead.TYPE)).trace()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"carerelay.message.sent.v2", "carerelay.message.read.v1",
            "carerelay.delivery.status-changed.v1", "carerelay.directory.changed.v1"})
    void checkedInSamplesMatchTheirSchemaAndParse(String type) throws IOException {
        byte[] sample = Samples.body(type);
        assertThat(schemaErrors(type, sample)).isEmpty();
        EventEnvelope.Incoming incoming = new EventEnvelope.Incoming("sample", type, "/test", null, Instant.now(), sample);
        assertThat(incoming.payload()).isNotNull();
    }

    @Test
    void everyRecordFieldIsDescribedByItsSchema() throws IOException {
        assertSchemaCovers(MessageSent.TYPE, MessageSent.class);
        assertSchemaCovers(MessageRead.TYPE, MessageRead.class);
        assertSchemaCovers(DeliveryStatusChanged.TYPE, DeliveryStatusChanged.class);
        assertSchemaCovers(DirectoryChanged.TYPE, DirectoryChanged.class);
    }

    @Test
    void refusesHeadersThatAreNotACloudEvent() {
        assertThatThrownBy(() -> EventEnvelope.read(Map.of("foo", "bar"), "{}".getBytes()))
                .isInstanceOf(EventEnvelope.MalformedEventException.class);
    }

    @Test
    void refusesABodyThatDoesNotMatchItsType() {
        EventEnvelope.Incoming incoming = new EventEnvelope.Incoming("x", MessageSent.TYPE, "/t", null, Instant.now(),
                "{\"messageId\": 42".getBytes());
        assertThatThrownBy(incoming::payload).isInstanceOf(EventEnvelope.MalformedEventException.class);
    }

    @Test
    void refusesAnUnknownType() {
        EventEnvelope.Incoming incoming = new EventEnvelope.Incoming("x", "com.example.Other", "/t", null, Instant.now(),
                "{}".getBytes());
        assertThatThrownBy(incoming::payload).hasMessageContaining("unknown ce_type");
    }

    private static void assertSchemaCovers(String type, Class<? extends Record> recordType) throws IOException {
        JsonNode properties = schema(type).get("properties");
        for (var component : recordType.getRecordComponents()) {
            assertThat(properties.has(component.getName())).as(type + " describes " + component.getName()).isTrue();
        }
    }

    private static Set<ValidationMessage> schemaErrors(String type, byte[] body) throws IOException {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema(type));
        return schema.validate(SCHEMA_JSON.readTree(body));
    }

    private static JsonNode schema(String type) throws IOException {
        try (InputStream in = EventEnvelope.class.getResourceAsStream("/schemas/" + type + ".json")) {
            return SCHEMA_JSON.readTree(in);
        }
    }
}
