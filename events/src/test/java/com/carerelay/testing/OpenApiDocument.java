package com.carerelay.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a running service's OpenAPI document ({@code /v3/api-docs}) against the one checked in at
 * {@code docs/openapi/<service>.json}: fails, naming the differing paths, when an endpoint, parameter, schema or
 * response changed without the file; and fails on an operation that does not declare its error responses (401,
 * 403 and another 4xx as {@code application/problem+json}). {@code -Dopenapi.write=true} writes the file instead of
 * comparing. The {@code servers} entry (the test's random port) is left out.
 */
public final class OpenApiDocument {

    public static final String WRITE = "openapi.write";
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    private OpenApiDocument() {
    }

    /** The checked-in file of a service, from its module's directory (where Maven runs its tests). */
    public static Path checkedIn(String service) {
        return Path.of("..", "docs", "openapi", service + ".json");
    }

    public static void check(Http service, String serviceName) {
        Http.Response response = service.get("/v3/api-docs", null);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode live = response.json();
        assertThat(operationsWithoutErrorResponses(live)).as("operations of " + serviceName
                + " without 401, 403 and a 4xx application/problem+json response").isEmpty();
        String document = JSON.writeValueAsString(sorted(JSON.convertValue(live, Object.class), true)) + "\n";
        Path file = checkedIn(serviceName);
        try {
            if (Boolean.getBoolean(WRITE)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, document);
                return;
            }
            if (!Files.exists(file)) {
                fail(file.normalize() + " is missing: run this test with -D" + WRITE + "=true to write it, then commit it");
            }
            String expected = Files.readString(file);
            if (!expected.equals(document)) {
                fail(serviceName + "'s OpenAPI document differs from " + file.normalize() + " at "
                        + differences(JSON.readTree(expected), JSON.readTree(document), "") + ". If the API change is"
                        + " meant, run this test with -D" + WRITE + "=true and commit the file.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "METHOD path" of each operation missing a declared 401, 403, or another 4xx as problem+json (bad input). */
    static List<String> operationsWithoutErrorResponses(JsonNode document) {
        List<String> missing = new ArrayList<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            if (!METHODS.contains(operation.getKey())) {
                return;
            }
            JsonNode responses = operation.getValue().path("responses");
            boolean problem = false;
            for (Iterator<String> codes = responses.propertyNames().iterator(); codes.hasNext(); ) {
                String code = codes.next();
                problem |= code.startsWith("4") && !code.equals("401") && !code.equals("403")
                        && responses.get(code).path("content").has(PROBLEM_JSON);
            }
            if (!responses.has("401") || !responses.has("403") || !problem) {
                missing.add(operation.getKey().toUpperCase() + " " + path.getKey());
            }
        }));
        return missing;
    }

    /** Keys sorted at every level (a stable file), the top-level servers left out. */
    @SuppressWarnings("unchecked")
    private static Object sorted(Object value, boolean top) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> ordered = new TreeMap<>();
            ((Map<String, Object>) map).forEach((key, child) -> {
                if (!(top && key.equals("servers"))) {
                    ordered.put(key, sorted(child, false));
                }
            });
            return ordered;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(child -> sorted(child, false)).toList();
        }
        return value;
    }

    /** The JSON pointers where two documents differ (at most 20). */
    private static Set<String> differences(JsonNode expected, JsonNode actual, String at) {
        Set<String> found = new TreeSet<>();
        collect(expected, actual, at, found);
        return found;
    }

    private static void collect(JsonNode expected, JsonNode actual, String at, Set<String> found) {
        if (found.size() >= 20 || expected.equals(actual)) {
            return;
        }
        if (expected.isObject() && actual.isObject()) {
            Set<String> names = new TreeSet<>(expected.propertyNames());
            names.addAll(actual.propertyNames());
            for (String name : names) {
                String pointer = at + "/" + name.replace("~", "~0").replace("/", "~1");
                if (!expected.has(name) || !actual.has(name)) {
                    found.add(pointer + (expected.has(name) ? " (gone)" : " (new)"));
                } else {
                    collect(expected.get(name), actual.get(name), pointer, found);
                }
            }
            return;
        }
        found.add(at.isEmpty() ? "/" : at);
    }
}
