package com.carerelay.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The checked-in JSON Schema of each event type ({@code /schemas/<ce_type>.json}), to tell an event
 * that breaks its contract (poison) from one a handler failed on for another reason.
 */
public final class EventSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    /** What in this body breaks its type's schema: empty when it conforms, one entry when the type is unknown or the body is not JSON. */
    public static List<String> violations(String type, byte[] body) {
        JsonSchema schema = SCHEMAS.computeIfAbsent(type, EventSchemas::load);
        if (schema == null) {
            return List.of("unknown ce_type '" + type + "'");
        }
        try {
            return schema.validate(JSON.readTree(body)).stream().map(ValidationMessage::getMessage).sorted().toList();
        } catch (IOException e) {
            return List.of("not JSON");
        }
    }

    private static JsonSchema load(String type) {
        try (InputStream in = EventSchemas.class.getResourceAsStream("/schemas/" + type + ".json")) {
            return in == null ? null : JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the schema of " + type, e);
        }
    }
}
