package com.carerelay.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpenApiDocumentTest {

    @Test
    void anOperationWithoutItsErrorResponsesIsNamed() {
        String problem = "{\"content\":{\"application/problem+json\":{}}}";
        String document = """
                {"paths":{
                  "/api/v1/things":{"get":{"responses":{"200":{},"400":%s,"401":%s,"403":%s}},
                                    "post":{"responses":{"201":{},"401":%s,"403":%s}}},
                  "/api/v1/things/{id}":{"parameters":[],"delete":{"responses":{"204":{},"400":{"content":{"application/json":{}}},
                                                                     "401":%s,"403":%s}}}}}"""
                .formatted(problem, problem, problem, problem, problem, problem, problem);

        assertThat(OpenApiDocument.operationsWithoutErrorResponses(Http.JSON.readTree(document)))
                .containsExactly("POST /api/v1/things", "DELETE /api/v1/things/{id}");
    }
}
