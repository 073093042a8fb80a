package com.carerelay.delivery;

import com.carerelay.testing.OpenApiDocument;
import org.junit.jupiter.api.Test;

/**
 * delivery-service's API as docs/openapi/delivery-service.json describes it (in the context the other ITs share);
 * {@code -Dopenapi.write=true} rewrites the file after a meant change.
 */
class OpenApiDocumentIT extends DeliveryIntegrationTest {

    @Test
    void theCheckedInOpenApiDocumentIsTheServicesOwnWithEveryErrorResponse() {
        OpenApiDocument.check(http(), "delivery-service");
    }
}
