package com.carerelay.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The checked-in sample events consumer tests read (one per event type, in the test-jar). */
public final class Samples {

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
