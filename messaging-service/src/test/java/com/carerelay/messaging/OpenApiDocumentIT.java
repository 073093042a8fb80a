package com.carerelay.messaging;

import com.carerelay.testing.OpenApiDocument;
import org.junit.jupiter.api.Test;

/**
 * messaging-service's API as docs/openapi/messaging-service.json describes it (in the context the other ITs share);
 * {@code -Dopenapi.write=true} rewrites the file after a meant change.
 */
class OpenApiDocumentIT extends MessagingIntegrationTest {

    @Test
    void theCheckedInOpenApiDocumentIsTheServicesOwnWithEveryErrorResponse() {
        OpenApiDocument.check(http(), "messaging-service");
    }
}
