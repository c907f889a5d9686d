package com.keepintouch.platform.web;

import com.keepintouch.platform.domain.Violation;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A refusal that only exists at the HTTP edge (a bad query parameter, a failed precondition, a
 * dependency down), answered as problem+json with its status. Expected, so it is never logged with
 * a stack trace. Application services throw {@link com.keepintouch.platform.domain.RequestRefused}
 * instead, which knows no HTTP.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final Map<String, Object> properties;

    public ApiException(HttpStatus status, String title, String detail, Map<String, Object> properties) {
        super(detail);
        this.status = status;
        this.title = title;
        this.properties = Map.copyOf(properties);
    }

    public ApiException(HttpStatus status, String title, String detail) {
        this(status, title, detail, Map.of());
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** Extra members of the problem document, e.g. the id of the existing resource on a conflict. */
    public Map<String, Object> properties() {
        return properties;
    }

    public URI type() {
        return ProblemTypes.of(title);
    }

    public static ApiException preconditionFailed(String detail) {
        return new ApiException(HttpStatus.PRECONDITION_FAILED, "Precondition failed", detail);
    }

    public static ApiException badRequest(String field, String message) {
        Violation violation = new Violation(field, message);
        return new ApiException(
                HttpStatus.BAD_REQUEST,
                "Invalid request",
                violation.field() + ": " + message,
                Map.of("errors", List.of(violation)));
    }

    /** 503 with {@code Retry-After}: a dependency is down and the caller should come back later. */
    public static ApiException unavailable(String detail, java.time.Duration retryAfter) {
        return new ServiceUnavailableException(detail, retryAfter);
    }
}
