package com.keepintouch.interaction.capture.calendar;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches a feed with the JDK's HTTP client: the address checked against SSRF before every request
 * (each redirect too), a time limit on the whole answer, a size limit on its body, and retries with
 * back-off (Resilience4j) of what may pass: no answer, a 5xx, a 429. Its failures are sentences that
 * name the host only, never the address, which may hold a private token.
 */
final class FeedFetcher {

    /** Why a feed could not be read; {@code transient} ones are retried. */
    static class FeedFailed extends RuntimeException {
        FeedFailed(String sentence) {
            super(sentence, null, false, false);
        }
    }

    static final class TransientFailure extends FeedFailed {
        TransientFailure(String sentence) {
            super(sentence);
        }
    }

    private final CalendarProperties properties;
    private final FeedAddresses addresses;
    private final HttpClient http;
    private final Retry retry;

    FeedFetcher(CalendarProperties properties, FeedAddresses addresses) {
        this.properties = properties;
        this.addresses = addresses;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.retry = Retry.of(
                "calendar-feed",
                RetryConfig.custom()
                        .maxAttempts(properties.fetchRetries() + 1)
                        .intervalFunction(IntervalFunction.ofExponentialBackoff(properties.fetchRetryBackoff(), 2.0))
                        .retryExceptions(TransientFailure.class)
                        .build());
    }

    /** The feed's bytes; {@link FeedFailed} with a sentence when it cannot be read. */
    byte[] fetch(URI url) {
        return Retry.decorateSupplier(retry, () -> fetchOnce(url)).get();
    }

    private byte[] fetchOnce(URI first) {
        URI url = first;
        for (int redirects = 0; ; redirects++) {
            String host = FeedAddresses.hint(url);
            Optional<String> refusal = addresses.refusal(url);
            if (refusal.isPresent()) {
                throw new FeedFailed("The feed may not be fetched: " + refusal.get());
            }
            HttpResponse<byte[]> response = send(url, host);
            int status = response.statusCode();
            if (status == 200) {
                return response.body();
            }
            if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                Optional<String> location = response.headers().firstValue("Location");
                if (location.isEmpty() || redirects >= properties.maxRedirects()) {
                    throw new FeedFailed("The feed at " + host + " redirects more than " + properties.maxRedirects()
                            + " times, or nowhere");
                }
                try {
                    url = FeedAddresses.https(url.resolve(location.get()));
                } catch (IllegalArgumentException e) {
                    throw new FeedFailed("The feed at " + host + " redirects to an address that is not a URL");
                }
                continue;
            }
            if (status == 429 || status >= 500) {
                throw new TransientFailure("The feed at " + host + " answered HTTP " + status);
            }
            throw new FeedFailed("The feed at " + host + " answered HTTP " + status);
        }
    }

    private HttpResponse<byte[]> send(URI url, String host) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(properties.fetchTimeout())
                .header("Accept", "text/calendar, */*;q=0.5")
                .GET()
                .build();
        long limit = properties.maxFeedSize().toBytes();
        CompletableFuture<HttpResponse<byte[]>> answer = http.sendAsync(request, info -> new Limited(limit));
        try {
            return answer.get(properties.fetchTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new TransientFailure("The feed at " + host + " did not answer within " + properties.fetchTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(true);
            throw new FeedFailed("Fetching the feed at " + host + " was interrupted");
        } catch (ExecutionException e) {
            if (causedBy(e, TooLarge.class)) {
                throw new FeedFailed("The feed at " + host + " is larger than " + properties.maxFeedSize());
            }
            if (causedBy(e, IOException.class)) {
                throw new TransientFailure("The feed at " + host + " could not be reached");
            }
            throw new TransientFailure("The feed at " + host + " could not be read");
        }
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** A body larger than the limit. */
    private static final class TooLarge extends IOException {
        TooLarge() {
            super("too large", null);
        }
    }

    /** Collects a body up to {@code limit} bytes, and gives up on the first byte past it. */
    private static final class Limited implements BodySubscriber<byte[]> {

        private final long limit;
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        private Flow.Subscription subscription;

        Limited(long limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + (long) buffer.remaining() > limit) {
                    subscription.cancel();
                    body.completeExceptionally(new TooLarge());
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            body.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }
    }
}
