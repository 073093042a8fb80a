package com.carerelay.platform.tracing;

import com.carerelay.events.EventEnvelope;
import com.carerelay.events.EventEnvelope.TraceContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Carries one trace across Kafka: the W3C trace context travels on each CloudEvent (the distributed-tracing
 * extension, {@code ce_traceparent}), so one send shows as one trace: the HTTP request, the outbox append, the
 * relay's publish, each consumer's handling, each channel attempt, the status event back, the audit append.
 * <p>
 * The outbox stamps an event with its <em>cause</em>: the context the event was given, else the one registered
 * for its Kafka key while a consumer or worker handles what caused it ({@link #withCauses}), else the current span
 * (the HTTP request's). Spans carry ids and names of types, topics, groups and channels, never PHI.
 * {@link #NONE} does nothing, for a service without tracing.
 */
public final class EventTracing {

    /** No spans, no trace context on events. */
    public static final EventTracing NONE = new EventTracing(null, null);

    private static final Propagator.Getter<TraceContext> FROM_EVENT = (trace, field) -> switch (field) {
        case EventEnvelope.TRACEPARENT -> trace.traceparent();
        case EventEnvelope.TRACESTATE -> trace.tracestate();
        default -> null;
    };

    private final Tracer tracer;
    private final Propagator propagator;
    private final ThreadLocal<Map<String, TraceContext>> causes = new ThreadLocal<>();

    public EventTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** The current span's context (the HTTP request's, a consumer's), or null outside any span. */
    public TraceContext current() {
        if (tracer == null) {
            return null;
        }
        Span span = tracer.currentSpan();
        return span == null || span.isNoop() ? null : contextOf(span);
    }

    /** The W3C context of a span, as an event carries it; null for null. */
    public TraceContext contextOf(Span span) {
        if (span == null || propagator == null) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(span.context(), carrier, Map::put);
        return TraceContext.of(carrier.get(EventEnvelope.TRACEPARENT), carrier.get(EventEnvelope.TRACESTATE));
    }

    /**
     * Starts a span continuing {@code parent} ({@code kind} null: an internal span); null (nothing to end) without tracing or without a parent, so work
     * outside any trace (a replayed old event, a scheduled job) starts no trace of its own.
     */
    public Span start(String name, Span.Kind kind, TraceContext parent) {
        if (tracer == null || parent == null) {
            return null;
        }
        Span.Builder builder = propagator.extract(parent, FROM_EVENT).name(name);
        return (kind == null ? builder : builder.kind(kind)).start();
    }

    /**
     * Runs {@code work} with {@code byKey} (Kafka key to the span handling what it names, e.g. a message id to the
     * span handling that message) as the causes of the events it appends to the outbox.
     */
    public <T> T withCauses(Map<String, TraceContext> byKey, Supplier<T> work) {
        if (tracer == null || byKey.isEmpty()) {
            return work.get();
        }
        Map<String, TraceContext> outer = causes.get();
        causes.set(byKey);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                causes.remove();
            } else {
                causes.set(outer);
            }
        }
    }

    /** The cause of an event with this Kafka key: registered by {@link #withCauses}, else the current span. */
    public TraceContext causeOf(String key) {
        Map<String, TraceContext> registered = causes.get();
        TraceContext cause = registered == null || key == null ? null : registered.get(key);
        return cause != null ? cause : current();
    }

    /**
     * Stamps events about to be written to the outbox: one "outbox append" span per distinct cause, child of it,
     * whose context the event then carries (and the relay continues). Events without a cause stay unstamped.
     */
    public List<EventEnvelope.Outgoing> stampForOutbox(List<EventEnvelope.Outgoing> events) {
        if (tracer == null) {
            return events;
        }
        Map<TraceContext, TraceContext> appendSpans = new HashMap<>();
        List<EventEnvelope.Outgoing> stamped = new ArrayList<>(events.size());
        for (EventEnvelope.Outgoing event : events) {
            TraceContext cause = event.trace() != null ? event.trace() : causeOf(event.key());
            if (cause == null) {
                stamped.add(event);
                continue;
            }
            stamped.add(event.withTrace(appendSpans.computeIfAbsent(cause, parent -> {
                Span span = start("outbox append", null, parent);
                span.tag("messaging.destination.name", event.topic()).end();
                return contextOf(span);
            })));
        }
        return stamped;
    }

    /** A new batch of spans, one per item (see {@link TracedBatch}). */
    public TracedBatch batch() {
        return new TracedBatch(this);
    }

    /** Opens the span's scope (trace and span ids in log lines) until closed; a no-op for null. */
    public Scope inScope(Span span) {
        if (tracer == null || span == null) {
            return () -> { };
        }
        Tracer.SpanInScope scope = tracer.withSpan(span);
        return scope::close;
    }

    /** A span's scope, closed without a checked exception. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
