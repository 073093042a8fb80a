package com.carerelay.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code asyncapi.yaml} describes exactly what the code does: the topics of {@link Topics}, the event
 * types (each record's {@code TYPE}), the schema files, and per service its outbox source, its Spring
 * Cloud Stream bindings with their consumer groups and its dead-letter topic (read from the services'
 * yml in this reactor). A topic, type, schema or binding added on one side only fails here.
 */
@SuppressWarnings("unchecked")
class AsyncApiDocumentTest {

    private static final List<String> SERVICES = List.of("directory-service", "messaging-service", "delivery-service",
            "audit-service");

    private final Map<String, Object> document = load();

    @Test
    void isAnAsyncApi3Document() {
        assertThat(document.get("asyncapi")).isEqualTo("3.0.0");
        assertThat(map(document, "servers")).isNotEmpty();
    }

    @Test
    void everyLocalReferenceResolvesAndEverySchemaFileExists() {
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            if (ref.startsWith("#/")) {
                assertThat(resolve(ref)).as(ref).isNotNull();
            } else {
                assertThat(ref).as("a file reference is relative to asyncapi.yaml").startsWith("./schemas/");
                assertThat(AsyncApiDocumentTest.class.getResource("/" + ref.substring(2))).as(ref).isNotNull();
            }
        }
    }

    @Test
    void hasAChannelForEveryTopicInTopicsAndNoOther() {
        Set<String> documented = channels().values().stream()
                .filter(channel -> !String.valueOf(channel.get("address")).endsWith(".dlq"))
                .filter(channel -> channel.get("address") != null)
                .map(channel -> (String) channel.get("address"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(documented).isEqualTo(topicConstants());
        channels().forEach((name, channel) -> {
            if (channel.get("address") == null) {
                assertThat(channel).as("channel %s has no fixed topic: it names the property that sets it", name)
                        .containsKey("x-carerelay-address-property");
            }
        });
    }

    @Test
    void hasADeadLetterChannelForEveryConsumerGroupAndNoOther() {
        Set<String> groups = SERVICES.stream()
                .map(service -> (String) path(serviceConfig(service), "carerelay", "events", "consumer-group"))
                .filter(Objects::nonNull).collect(Collectors.toSet());
        assertThat(groups).isNotEmpty();
        Set<String> deadLetterTopics = channels().values().stream().map(channel -> channel.get("address"))
                .filter(address -> address != null && ((String) address).endsWith(".dlq"))
                .map(String.class::cast).collect(Collectors.toSet());
        assertThat(deadLetterTopics).isEqualTo(groups.stream().map(Topics::deadLetter).collect(Collectors.toSet()));
        for (String service : SERVICES) {
            Object group = path(serviceConfig(service), "carerelay", "events", "consumer-group");
            if (group != null) {
                assertThat(operations("send", service)).as("%s sends its dead letters", service)
                        .anySatisfy(op -> assertThat(channelOf(op).get("address")).isEqualTo(Topics.deadLetter((String) group)));
            }
        }
    }

    @Test
    void describesEveryEventTypeWithItsSchemaOnItsTopicAndNoOther() {
        Set<String> codeTypes = eventTypeConstants();
        Set<String> schemaFiles = schemaFileTypes();
        assertThat(schemaFiles).as("schemas/*.json").isEqualTo(codeTypes);

        Map<String, Map<String, Object>> byType = new HashMap<>();
        map(document, "components", "messages").forEach((name, value) -> {
            String type = ceType((Map<String, Object>) value);
            if (type != null && !name.startsWith("deadLettered")) {
                assertThat(byType.put(type, (Map<String, Object>) value)).as("one message per type: %s", type).isNull();
            }
        });
        assertThat(byType.keySet()).as("ce_type of the documented messages").isEqualTo(codeTypes);

        byType.forEach((type, message) -> {
            assertThat(message.get("name")).isEqualTo(type);
            assertThat(path(message, "payload", "schema", "$ref")).isEqualTo("./schemas/" + type + ".json");
            assertThat(path(message, "bindings", "kafka", "key")).as("%s documents its key", type).isNotNull();
        });

        // each type is on the topic Topics.ofType names, and only there (dead-letter topics aside)
        channels().forEach((name, channel) -> {
            String address = (String) channel.get("address");
            if (address == null || address.endsWith(".dlq")) {
                return;
            }
            Set<String> onChannel = map(channel, "messages").values().stream()
                    .map(ref -> ceType(resolve((String) ((Map<String, Object>) ref).get("$ref"))))
                    .collect(Collectors.toSet());
            Set<String> expected = codeTypes.stream().filter(type -> address.equals(Topics.ofType(type)))
                    .collect(Collectors.toSet());
            assertThat(onChannel).as("types on %s", address).isEqualTo(expected);
        });
    }

    @Test
    void everyEventTypeIsSentByTheServiceItsSourceNames() {
        Map<String, String> sourceOfService = new HashMap<>();
        for (String service : SERVICES) {
            Object source = path(serviceConfig(service), "carerelay", "events", "source");
            if (source != null) {
                sourceOfService.put(service, (String) source);
            }
        }
        Set<String> sent = new HashSet<>();
        for (String service : SERVICES) {
            for (Map<String, Object> op : operations("send", service)) {
                for (Object ref : list(op.get("messages"))) {
                    Map<String, Object> message = resolve((String) ((Map<String, Object>) ref).get("$ref"));
                    String type = ceType(message);
                    if (type != null) {
                        assertThat(sourceOfService).as("%s publishes events, so it has carerelay.events.source", service)
                                .containsKey(service);
                        assertThat(ceSource(message)).as("ce_source of %s", type).isEqualTo(sourceOfService.get(service));
                        assertThat(channelOf(op).get("address")).isEqualTo(Topics.ofType(type));
                        sent.add(type);
                    }
                }
            }
        }
        assertThat(sent).isEqualTo(eventTypeConstants());
    }

    @Test
    void hasAReceiveOperationForEveryStreamBindingWithItsGroupAndNoOther() {
        Set<String> inCode = new TreeSet<>();
        Set<String> documented = new TreeSet<>();
        for (String service : SERVICES) {
            Map<String, Object> bindings = (Map<String, Object>) path(serviceConfig(service), "spring", "cloud", "stream",
                    "bindings");
            if (bindings != null) {
                bindings.forEach((name, value) -> {
                    Map<String, Object> binding = (Map<String, Object>) value;
                    inCode.add(service + " " + name + " " + binding.get("destination") + " group=" + binding.get("group"));
                });
            }
            for (Map<String, Object> op : operations("receive", service)) {
                List<Object> groupIds = list(path(op, "bindings", "kafka", "groupId", "enum"));
                assertThat(groupIds.size()).as("at most one group per operation").isLessThanOrEqualTo(1);
                documented.add(service + " " + op.get("x-carerelay-binding") + " " + channelOf(op).get("address")
                        + " group=" + (groupIds.isEmpty() ? null : groupIds.getFirst()));
            }
        }
        assertThat(documented).isEqualTo(inCode);
    }

    @Test
    void everyEventCarriesTheCloudEventsHeadersTheEnvelopeWrites() {
        EventEnvelope.Outgoing outgoing = new EventEnvelope.Outgoing(UUID.randomUUID(), MessageRead.TYPE, Topics.MESSAGES,
                "key", "/carerelay/messaging", "subject", Instant.now(), Samples.body(MessageRead.TYPE),
                new EventEnvelope.TraceContext("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "vendor=x"));
        Set<String> written = new TreeSet<>();
        EventEnvelope.toRecord(outgoing).headers().forEach(header -> written.add(header.key()));
        assertThat(map(document, "components", "schemas", "cloudEventHeaders", "properties").keySet())
                .containsExactlyInAnyOrderElementsOf(written);
    }

    // --- the document

    private static Map<String, Object> load() {
        try (InputStream in = AsyncApiDocumentTest.class.getResourceAsStream("/asyncapi.yaml")) {
            assertThat(in).as("asyncapi.yaml on the classpath").isNotNull();
            return new Yaml().load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Map<String, Object>> channels() {
        return (Map<String, Map<String, Object>>) (Map<?, ?>) map(document, "channels");
    }

    private List<Map<String, Object>> operations(String action, String service) {
        return map(document, "operations").values().stream().map(op -> (Map<String, Object>) op)
                .filter(op -> action.equals(op.get("action")) && service.equals(op.get("x-carerelay-service")))
                .toList();
    }

    private Map<String, Object> channelOf(Map<String, Object> operation) {
        return resolve((String) path(operation, "channel", "$ref"));
    }

    /** The ce_type const of a CloudEvent message (headers: allOf of the envelope and the type's consts), or null. */
    private String ceType(Map<String, Object> message) {
        return (String) headerConst(message, "ce_type");
    }

    private String ceSource(Map<String, Object> message) {
        return (String) headerConst(message, "ce_source");
    }

    private Object headerConst(Map<String, Object> message, String header) {
        for (Object part : list(path(message, "headers", "allOf"))) {
            Object value = path((Map<String, Object>) part, "properties", header, "const");
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** A local JSON pointer ({@code #/components/messages/x}) into the document, following a reference it lands on. */
    private Map<String, Object> resolve(String ref) {
        assertThat(ref).startsWith("#/");
        Object node = document;
        for (String segment : ref.substring(2).split("/")) {
            if (!(node instanceof Map<?, ?> m)) {
                return null;
            }
            node = m.get(segment.replace("~1", "/").replace("~0", "~"));
        }
        if (node instanceof Map<?, ?> m && m.size() == 1 && m.get("$ref") instanceof String next && next.startsWith("#/")) {
            return resolve(next);
        }
        return (Map<String, Object>) node;
    }

    private static void collectRefs(Object node, List<String> refs) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((key, value) -> {
                if ("$ref".equals(key)) {
                    refs.add((String) value);
                } else {
                    collectRefs(value, refs);
                }
            });
        } else if (node instanceof List<?> l) {
            l.forEach(item -> collectRefs(item, refs));
        }
    }

    // --- the code

    private static Set<String> topicConstants() {
        return Stream.of(Topics.class.getDeclaredFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && Modifier.isPublic(f.getModifiers())
                        && f.getType() == String.class)
                .map(AsyncApiDocumentTest::value).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The TYPE constant of every class in the events module (so a new event record counts without editing this test). */
    private static Set<String> eventTypeConstants() {
        Path classes = classesDirectory();
        try (Stream<Path> files = Files.walk(classes)) {
            Set<String> types = files.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> classes.relativize(p).toString().replace('/', '.').replace('\\', '.').replaceAll("\\.class$", ""))
                    .flatMap(AsyncApiDocumentTest::typeConstant)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(types).contains(MessageSent.TYPE);
            return types;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<String> typeConstant(String className) {
        try {
            Field type = Class.forName(className, false, AsyncApiDocumentTest.class.getClassLoader()).getDeclaredField("TYPE");
            return Modifier.isStatic(type.getModifiers()) && type.getType() == String.class ? Stream.of(value(type))
                    : Stream.empty();
        } catch (NoSuchFieldException | ClassNotFoundException | LinkageError e) {
            return Stream.empty();
        }
    }

    private static Set<String> schemaFileTypes() {
        try (Stream<Path> files = Files.list(classesDirectory().resolve("schemas"))) {
            return files.map(p -> p.getFileName().toString()).filter(name -> name.endsWith(".json"))
                    .map(name -> name.substring(0, name.length() - ".json".length()))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path classesDirectory() {
        try {
            Path location = Path.of(EventEnvelope.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            assertThat(location).as("the events module's classes directory").isDirectory();
            return location;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A service's own yml, its first document (the one without a profile), read from its module in this
     * reactor (the tests run in the events module's directory).
     */
    private static Map<String, Object> serviceConfig(String service) {
        Path file = Path.of("..", service, "src", "main", "resources", service + ".yml");
        assertThat(file).as("the reactor holds " + service).isRegularFile();
        try (InputStream in = Files.newInputStream(file)) {
            return (Map<String, Object>) new Yaml().loadAll(in).iterator().next();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object path(Map<String, Object> node, String... keys) {
        Object current = node;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(key);
        }
        return current;
    }

    private static Map<String, Object> map(Map<String, Object> node, String... keys) {
        Object value = path(node, keys);
        assertThat(value).as(String.join(".", keys)).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }
}
