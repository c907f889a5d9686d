package com.keepintouch.notifier.delivery;

import com.keepintouch.notifier.domain.Outcome;
import com.keepintouch.notifier.domain.WebhookSignature;
import com.keepintouch.notifier.system.WebhookProperties;
import com.keepintouch.notifier.webhook.EndpointCache.Target;
import com.keepintouch.platform.security.TargetGuard;
import com.keepintouch.platform.tracing.TraceContexts;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends one signed webhook attempt, without blocking a thread while the receiver thinks: the
 * address is checked against SSRF first (names can change what they resolve to), redirects are
 * not followed, and only 2xx within the attempt timeout counts. Each attempt is a client span in
 * the trace of the event it carries, and sends that span's {@code traceparent}.
 */
@Component
class WebhookSender {

    static final String USER_AGENT = "keep-in-touch-webhooks/1";

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    private final HttpClient client;
    private final TargetGuard guard;
    private final Duration timeout;
    private final Clock clock;
    private final TraceContexts traces;

    WebhookSender(TargetGuard guard, WebhookProperties properties, Clock clock, TraceContexts traces) {
        this.guard = guard;
        this.traces = traces;
        this.timeout = properties.attemptTimeout();
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                // Its own small pool for completions, instead of the JDK's default executor.
                .executor(java.util.concurrent.Executors.newFixedThreadPool(properties.httpThreads(), r -> {
                    Thread thread = new Thread(r, "webhook-http");
                    thread.setDaemon(true);
                    return thread;
                }))
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    CompletableFuture<Outcome> send(Job job, Target target) {
        URI url = target.endpoint().url();
        Optional<String> refused = guard.refusal(url);
        if (refused.isPresent()) {
            return CompletableFuture.completedFuture(Outcome.refused("not sent: " + refused.get()));
        }
        Instant now = clock.instant();
        List<String> secrets = target.signingSecrets(now);
        if (secrets.isEmpty()) {
            return CompletableFuture.completedFuture(Outcome.refused("not sent: the endpoint has no signing secret"));
        }
        String messageId = job.delivery().messageId().orElseThrow();
        long timestamp = now.getEpochSecond();
        String body = job.body();
        Span span = traces.start(job.traceparent(), "webhook POST", Span.Kind.CLIENT)
                .tag("http.request.method", "POST")
                .tag("webhook.id", messageId)
                .tag("delivery.id", job.delivery().id());
        HttpRequest.Builder builder = HttpRequest.newBuilder(url);
        String traceparent = traces.traceparent(span);
        if (traceparent != null) {
            builder.header(TraceContexts.TRACEPARENT, traceparent);
        }
        HttpRequest request = builder.timeout(timeout)
                .header("content-type", "application/json")
                .header("user-agent", USER_AGENT)
                .header("webhook-id", messageId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSignature.header(secrets, messageId, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long started = System.nanoTime();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .orTimeout(timeout.toMillis() + 1000, java.util.concurrent.TimeUnit.MILLISECONDS)
                .handle((response, error) -> {
                    long latency = (System.nanoTime() - started) / 1_000_000;
                    Outcome outcome = outcome(response, error, latency, now);
                    try (Tracer.SpanInScope scope = traces.inScope(span)) {
                        if (error != null) {
                            span.error(error);
                        } else {
                            span.tag("http.response.status_code", Integer.toString(response.statusCode()));
                        }
                        log.debug(
                                "Webhook attempt deliveryId={} webhookId={} outcome={} status={} tookMs={}",
                                job.delivery().id(),
                                messageId,
                                outcome.kind(),
                                outcome.statusCode(),
                                latency);
                    } finally {
                        span.end();
                    }
                    return outcome;
                });
    }

    private static Outcome outcome(HttpResponse<Void> response, Throwable error, long latency, Instant now) {
        if (error != null) {
            return Outcome.failed(null, describe(error), latency, null);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return Outcome.delivered(status, latency);
        }
        if (status == 410) {
            return new Outcome(Outcome.Kind.GONE, status, "HTTP 410 Gone", latency, null);
        }
        String error3xx = status >= 300 && status < 400 ? " (redirects are not followed)" : "";
        return Outcome.failed(
                status,
                "HTTP " + status + error3xx,
                latency,
                retryAfter(response.headers().firstValue("retry-after"), now).orElse(null));
    }

    static String describe(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof HttpConnectTimeoutException) {
            return "connect timed out";
        }
        if (cause instanceof HttpTimeoutException || cause instanceof java.util.concurrent.TimeoutException) {
            return "no answer within the attempt timeout";
        }
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        if (cause instanceof ClosedChannelException || cause instanceof java.io.EOFException) {
            return "connection closed by the receiver";
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** {@code Retry-After} as seconds or an HTTP date; empty if absent or unreadable. */
    static Optional<Duration> retryAfter(Optional<String> header, Instant now) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get().trim();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }
}
