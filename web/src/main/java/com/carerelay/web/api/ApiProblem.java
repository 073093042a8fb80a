package com.carerelay.web.api;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A service's refusal (its problem+json, RFC 9457): the status, the detail in words and the message
 * per field it names, so a page can show each next to its field.
 */
public class ApiProblem extends RuntimeException {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final int status;
    private final String detail;
    private final Map<String, String> fields;

    public ApiProblem(int status, String detail, Map<String, String> fields) {
        super("HTTP " + status);
        this.status = status;
        this.detail = detail;
        this.fields = fields;
    }

    /** Reads a problem+json body; anything else becomes a problem with a generic detail. */
    public static ApiProblem of(int status, byte[] body) {
        Map<String, String> fields = new LinkedHashMap<>();
        String detail = null;
        try {
            JsonNode problem = JSON.readTree(body);
            if (problem.hasNonNull("detail")) {
                detail = problem.get("detail").asString();
            }
            JsonNode errors = problem.get("errors");
            if (errors != null && errors.isArray()) {
                for (JsonNode error : errors) {
                    if (error.hasNonNull("field")) {
                        fields.merge(error.get("field").asString(),
                                error.hasNonNull("message") ? error.get("message").asString() : "is not valid",
                                (first, second) -> first + "; " + second);
                    }
                }
            }
        } catch (RuntimeException notJson) {
            // not a problem document: keep the generic words below
        }
        if (detail == null) {
            detail = switch (status) {
                case 401 -> "Your session has ended. Please sign in again.";
                case 403 -> "You are not allowed to do this.";
                case 404 -> "Not found.";
                default -> "The request could not be completed (HTTP " + status + ").";
            };
        }
        return new ApiProblem(status, detail, fields);
    }

    public int status() {
        return status;
    }

    public String detail() {
        return detail;
    }

    /** The message for one field (or a field below it, e.g. {@code recipients.staffIds[0]}), else null. */
    public String field(String name) {
        return fields.entrySet().stream().filter(entry -> entry.getKey().equals(name) || entry.getKey().startsWith(name + ".")
                        || entry.getKey().startsWith(name + "["))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    public Map<String, String> fields() {
        return fields;
    }

    public boolean isNotFound() {
        return status == 404;
    }
}
