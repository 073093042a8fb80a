package com.carerelay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Every service's finished spans, in memory: one exporter registered in each of the system's contexts beside
 * Boot's own (the OTLP one, when an endpoint is set). A context that closes (a stopped service) does not shut it
 * down for the others.
 */
final class RecordedSpans implements SpanExporter {

    static final AttributeKey<String> SERVICE = AttributeKey.stringKey("service.name");

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();

    /** Registers this exporter in a service's context before it refreshes. */
    ApplicationContextInitializer<ConfigurableApplicationContext> inEachService() {
        return context -> context.getBeanFactory().registerSingleton("recordedSpans", this);
    }

    List<SpanData> all() {
        return spans.getFinishedSpanItems();
    }

    List<SpanData> trace(String traceId) {
        return all().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }

    /** The trace id of a W3C traceparent ({@code 00-<trace id>-<span id>-<flags>}). */
    static String traceIdOf(String traceparent) {
        assertThat(traceparent).as("ce_traceparent").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
        return traceparent.split("-")[1];
    }

    /** The spans of {@code service} named {@code name} whose parent is {@code parent} (any parent when null). */
    static List<SpanData> children(List<SpanData> trace, SpanData parent, String service, String name) {
        return trace.stream().filter(span -> service.equals(span.getResource().getAttribute(SERVICE))
                        && span.getName().startsWith(name)
                        && (parent == null || span.getParentSpanId().equals(parent.getSpanId())))
                .toList();
    }

    /** The one such span; fails naming the spans the trace has. */
    static SpanData child(List<SpanData> trace, SpanData parent, String service, String name, SpanKind kind) {
        List<SpanData> found = children(trace, parent, service, name).stream()
                .filter(span -> kind == null || span.getKind() == kind).toList();
        assertThat(found).as(service + " '" + name + "' under " + (parent == null ? "any span" : parent.getName())
                + " in the trace " + describe(trace)).isNotEmpty();
        return found.getFirst();
    }

    static String describe(List<SpanData> trace) {
        return trace.stream().map(span -> span.getResource().getAttribute(SERVICE) + ":" + span.getName() + "("
                + span.getSpanId() + "<-" + span.getParentSpanId() + ")").toList().toString();
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
        return spans.export(batch);
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
