package com.carerelay.audit;

import com.carerelay.testing.OpenApiDocument;
import org.junit.jupiter.api.Test;

/**
 * audit-service's API as docs/openapi/audit-service.json describes it (in the context the other ITs share);
 * {@code -Dopenapi.write=true} rewrites the file after a meant change.
 */
class OpenApiDocumentIT extends AuditIntegrationTest {

    @Test
    void theCheckedInOpenApiDocumentIsTheServicesOwnWithEveryErrorResponse() {
        OpenApiDocument.check(http(), "audit-service");
    }
}
