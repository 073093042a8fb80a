package com.carerelay.platform.tracing;

import com.carerelay.events.EventEnvelope.TraceContext;
import io.micrometer.tracing.Span;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A span per item of a batch (a consumed event, a claimed delivery attempt), each continuing its own trace, and
 * the causes of what the batch then appends to an outbox: the Kafka key an item stands for (its message id) to
 * its span. Ends every span on {@link #close}.
 */
public final class TracedBatch implements AutoCloseable {

    private final EventTracing tracing;
    private final Map<Object, Span> spans = new LinkedHashMap<>();
    private final Map<String, TraceContext> causes = new LinkedHashMap<>();

    TracedBatch(EventTracing tracing) {
        this.tracing = tracing;
    }

    /**
     * Starts the span of one item continuing {@code parent} and answers its context (null when no span starts:
     * no tracing, no parent). {@code tags} are name/value pairs: ids, types, channels, never PHI.
     */
    public TraceContext start(Object item, String key, String name, Span.Kind kind, TraceContext parent, String... tags) {
        Span span = tracing.start(name, kind, parent);
        if (span == null) {
            return null;
        }
        for (int i = 0; i + 1 < tags.length; i += 2) {
            span.tag(tags[i], tags[i + 1]);
        }
        spans.put(item, span);
        TraceContext context = tracing.contextOf(span);
        if (key != null) {
            causes.put(key, context);
        }
        return context;
    }

    /** Tags one item's span (e.g. with its outcome); nothing when it has none. */
    public void tag(Object item, String name, String value) {
        Span span = spans.get(item);
        if (span != null) {
            span.tag(name, value);
        }
    }

    /**
     * Runs the batch's work with the items' spans as the causes of the events it appends (by key), in the scope
     * of the only span when there is just one (its ids on the log lines), marking every span when it fails.
     */
    public void run(Runnable work) {
        try (EventTracing.Scope scope = tracing.inScope(spans.size() == 1 ? spans.values().iterator().next() : null)) {
            tracing.withCauses(causes, () -> {
                work.run();
                return null;
            });
        } catch (RuntimeException failure) {
            spans.values().forEach(span -> span.error(failure));
            throw failure;
        }
    }

    @Override
    public void close() {
        spans.values().forEach(Span::end);
    }
}
