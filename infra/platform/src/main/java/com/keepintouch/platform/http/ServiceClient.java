package com.keepintouch.platform.http;

import com.keepintouch.platform.tracing.TraceContexts;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET calls to other services' APIs with the caller's own {@code Authorization} header (so that the
 * other service applies its own ownership rules) and the trace of the request that makes them (its
 * {@code traceparent}, so that the other service's log lines and spans are in the same trace), each
 * within a time limit, retried with back-off while it may pass, behind a circuit breaker per service:
 * its state is in the {@code resilience4j_circuitbreaker_*} metrics and every change of it is logged.
 *
 * <p>Why a call did not succeed is said in words ({@link CallFailed}, {@link Refused}), for the
 * caller's 503 to name; which answers are a success, a failure or a refusal the caller decides, as
 * it reads the answer.
 */
public final class ServiceClient {

    private static final Logger log = LoggerFactory.getLogger(ServiceClient.class);

    private final Settings settings;
    private final TraceContexts traces;
    private final HttpClient http;
    private final CircuitBreakerRegistry breakers;
    private final RetryConfig retries;
    private final Map<String, Retry> retryOf = new ConcurrentHashMap<>();

    /**
     * How calls are made: a service's {@code @ConfigurationProperties} record implements it with
     * components of these names.
     */
    public interface Settings {

        /** Time limit of one call, connecting and answering. */
        Duration timeout();

        /** Retries of a call that failed, with back-off from {@link #retryBackoff()}. */
        int retries();

        /** Wait before the first retry. */
        Duration retryBackoff();

        /** Factor by which each further wait grows. */
        double retryBackoffMultiplier();

        /** The latest calls to one service whose failure rate its circuit breaker watches. */
        int circuitWindow();

        /** Calls before the failure rate counts. */
        int circuitMinimumCalls();

        /** Percentage of failed calls in the window that opens the circuit. */
        float circuitFailureRate();

        /** How long an open circuit refuses calls at once before trying the service again. */
        Duration openFor();
    }

    /** A client of {@code services} (each with a circuit of that name from the start, for its metrics). */
    public ServiceClient(Settings settings, Collection<String> services, MeterRegistry meters, TraceContexts traces) {
        this.settings = settings;
        this.traces = traces;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowSize(settings.circuitWindow())
                .minimumNumberOfCalls(settings.circuitMinimumCalls())
                .failureRateThreshold(settings.circuitFailureRate())
                .waitDurationInOpenState(settings.openFor())
                .ignoreExceptions(Refused.class)
                .build());
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        this.retries = RetryConfig.custom()
                .maxAttempts(settings.retries() + 1)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(
                        settings.retryBackoff(), settings.retryBackoffMultiplier()))
                .retryExceptions(CallFailed.class)
                .build();
        services.forEach(service -> breakers.circuitBreaker(service)
                .getEventPublisher()
                .onStateTransition(e -> log.warn("Circuit to {} {}", service, e.getStateTransition())));
    }

    /** How long the caller is told to wait before asking again when a service is unavailable. */
    public Duration retryAfter() {
        return Duration.ofSeconds(Math.max(1, settings.openFor().toSeconds() / 2));
    }

    /**
     * Asks {@code service} for {@code uri} and reads its answer with {@code answer}, which throws
     * {@link CallFailed} for an answer that may change if asked again and {@link Refused} for one
     * that will not.
     *
     * @throws CallFailed when the service did not answer, or not usefully, after every retry, or
     *     when its circuit is open
     * @throws Refused as {@code answer} said
     */
    public <T> T get(String service, URI uri, String authorization, Function<HttpResponse<String>, T> answer) {
        CircuitBreaker breaker = breakers.circuitBreaker(service);
        Retry retry = retryOf.computeIfAbsent(service, name -> Retry.of(name, retries));
        try {
            return Retry.decorateSupplier(
                            retry,
                            CircuitBreaker.decorateSupplier(breaker, () -> answer.apply(send(uri, authorization))))
                    .get();
        } catch (CallNotPermittedException e) {
            throw new CallFailed("has failed repeatedly and is not asked for a while");
        }
    }

    private HttpResponse<String> send(URI uri, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(settings.timeout())
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .GET();
        String traceparent = traces.current();
        if (traceparent != null) {
            request.header(TraceContexts.TRACEPARENT, traceparent);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new CallFailed("did not answer within " + settings.timeout().toMillis() + " ms");
        } catch (ConnectException e) {
            throw new CallFailed("could not be reached: nothing accepts connections at its address");
        } catch (IOException e) {
            throw new CallFailed("did not answer: the connection failed before an answer came");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallFailed("was not waited for (interrupted)");
        }
    }

    /** A call that may succeed if tried again: retried, and counted against the service's circuit. */
    public static final class CallFailed extends RuntimeException {
        public CallFailed(String why) {
            super(why, null, false, false);
        }
    }

    /** An answer that trying again will not change: neither retried nor counted against the circuit. */
    public static final class Refused extends RuntimeException {
        public Refused(String why) {
            super(why, null, false, false);
        }
    }
}
