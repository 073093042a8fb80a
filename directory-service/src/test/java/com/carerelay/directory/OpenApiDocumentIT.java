package com.carerelay.directory;

import com.carerelay.testing.OpenApiDocument;
import org.junit.jupiter.api.Test;

/**
 * directory-service's API as docs/openapi/directory-service.json describes it (in the context the other ITs share);
 * {@code -Dopenapi.write=true} rewrites the file after a meant change.
 */
class OpenApiDocumentIT extends DirectoryTestBase {

    @Test
    void theCheckedInOpenApiDocumentIsTheServicesOwnWithEveryErrorResponse() {
        OpenApiDocument.check(http(), "directory-service");
    }
}
