package com.carerelay.platform.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Every operation of every service documents the errors the platform answers for it, once, here, instead of an
 * annotation per controller method: 400 (bad input, naming the field), 401 (no valid bearer token), 403 (not
 * allowed), 404 on paths with an id (unknown, or another practice's), 503 (database unavailable, with
 * {@code Retry-After}), all {@code application/problem+json} (RFC 9457, {@code ApiExceptionHandler}). A response
 * an operation already declares is kept. Also names the bearer-token scheme every operation needs.
 */
public class ProblemResponses implements OpenApiCustomizer {

    public static final String PROBLEM_JSON = "application/problem+json";
    static final String SCHEMA = "Problem";
    static final String BEARER = "bearer";

    @Override
    public void customise(OpenAPI openApi) {
        Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
        openApi.setComponents(components.addSchemas(SCHEMA, problemSchema())
                .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .bearerFormat("JWT")));
        if (openApi.getSecurity() == null || openApi.getSecurity().isEmpty()) {
            openApi.setSecurity(List.of(new SecurityRequirement().addList(BEARER)));
        }
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> addErrors(path, operation)));
    }

    private static void addErrors(String path, Operation operation) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put("400", "Bad input: the problem names the field; nothing was changed.");
        errors.put("401", "No valid bearer token.");
        errors.put("403", "The token does not allow this.");
        if (path.contains("{")) {
            errors.put("404", "Unknown, or not in the caller's practice.");
        }
        errors.put("503", "The database is unavailable; try again after Retry-After seconds.");
        errors.forEach((status, description) -> {
            if (!responses.containsKey(status)) {
                responses.addApiResponse(status, new ApiResponse().description(description).content(new Content()
                        .addMediaType(PROBLEM_JSON, new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA)))));
            }
        });
        operation.setResponses(responses);
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        ObjectSchema error = new ObjectSchema();
        error.addProperty("field", new StringSchema().description("The request field, parameter or part at fault."));
        error.addProperty("message", new StringSchema());
        ObjectSchema problem = new ObjectSchema();
        problem.description("RFC 9457 problem details.");
        problem.addProperty("type", new StringSchema().format("uri"));
        problem.addProperty("title", new StringSchema());
        problem.addProperty("status", new IntegerSchema());
        problem.addProperty("detail", new StringSchema().description("What went wrong, for a person; never PHI."));
        problem.addProperty("instance", new StringSchema().format("uri"));
        problem.addProperty("errors", new ArraySchema().items(error));
        return problem;
    }
}
