package com.keepintouch.platform.web;

import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** A dependency is down; answered 503 with {@code Retry-After}. */
public class ServiceUnavailableException extends ApiException {

    private final Duration retryAfter;

    public ServiceUnavailableException(String detail, Duration retryAfter) {
        super(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", detail, Map.of());
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
