package com.keepintouch.platform.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;

/**
 * The trace context as the one string that travels with an event (its W3C {@code traceparent}),
 * and spans that continue such a string on another thread or in another process.
 *
 * <p>A {@code traceparent} is stored with what outlives the request or record that caused it: a
 * pending event of the outbox, a webhook message. Whoever works on it later starts a span whose
 * parent is that context, so the trace runs on from the API call to the webhook.
 */
public class TraceContexts {

    /** The W3C header (and Kafka header) that carries the context. */
    public static final String TRACEPARENT = "traceparent";

    /** For code that runs without tracing (unit tests): no context, spans that do nothing. */
    public static final TraceContexts NONE = new TraceContexts(Tracer.NOOP, Propagator.NOOP);

    private final Tracer tracer;
    private final Propagator propagator;

    public TraceContexts(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** The {@code traceparent} of the span in scope on this thread; null when there is none. */
    public String current() {
        Span span = tracer.currentSpan();
        return span == null ? null : traceparent(span);
    }

    /** The {@code traceparent} that makes {@code span} the parent of what the receiver does. */
    public String traceparent(Span span) {
        TraceContext context = span.context();
        Map<String, String> carrier = new HashMap<>(4);
        propagator.inject(context, carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /**
     * Starts a span that continues {@code traceparent}: a child of that context, or the root of a
     * new trace when there is none (an event staged before tracing, or outside of any trace). The
     * caller ends it.
     */
    public Span start(String traceparent, String name, Span.Kind kind) {
        Span.Builder builder = traceparent == null || traceparent.isBlank()
                ? tracer.spanBuilder().setNoParent()
                : propagator.extract(Map.of(TRACEPARENT, traceparent), Map::get);
        return builder.name(name).kind(kind).start();
    }

    /** Puts {@code span} in scope on this thread (its log lines carry its trace id) until closed. */
    public Tracer.SpanInScope inScope(Span span) {
        return tracer.withSpan(span);
    }
}
