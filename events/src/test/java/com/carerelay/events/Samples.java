package com.carerelay.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The checked-in sample events consumer tests read (one per event type, in the test-jar). */
public final class Samples {

    /**
     * The development content key in messaging- and delivery-service's YAML (so what the services under
     * test use); it sealed the checked-in MessageSent sample.
     */
    public static final String DEVELOPMENT_CONTENT_KEY = "Y2FyZXJlbGF5LWRldi1vbmx5LWNvbnRlbnQta2V5ISE=";

    /** Seals and opens content as the services under test do. */
    public static ContentSeal contentSeal() {
        return new ContentSeal(DEVELOPMENT_CONTENT_KEY);
    }

    private Samples() {
    }

    public static byte[] body(String type) {
        try (InputStream in = Samples.class.getResourceAsStream("/samples/" + type + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no sample for " + type);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
