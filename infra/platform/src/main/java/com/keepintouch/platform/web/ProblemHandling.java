package com.keepintouch.platform.web;

import com.keepintouch.platform.domain.Quoted;
import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.domain.Violation;
import com.keepintouch.platform.personal.PersonErasedException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;

/**
 * Every error of every API as RFC 9457 problem+json that says what is wrong. Client mistakes are
 * logged as one line without a stack trace; only a real fault (500) logs one, and never shows it.
 */
@RestControllerAdvice
public class ProblemHandling extends ResponseEntityExceptionHandler implements ResponseBodyAdvice<Object> {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandling.class);

    /** The most characters of the request path a problem's {@code instance} repeats. */
    private static final int MAX_INSTANCE = 100;

    static final String UNEXPECTED = "An unexpected error occurred; it has been logged.";

    static final Violation UNREADABLE_PARAMETERS =
            new Violation("query", "could not be read: every parameter must be name=value, percent-encoded UTF-8");

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        ProblemDetail problem = problemOf(e);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status());
        if (e instanceof ServiceUnavailableException unavailable) {
            response.header(
                    HttpHeaders.RETRY_AFTER,
                    Long.toString(Math.max(1, unavailable.retryAfter().toSeconds())));
        }
        log.debug("Request refused status={} detail=\"{}\"", e.status().value(), e.getMessage());
        return response.contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** Nothing is read or written about an erased contact: as if it never existed, with why. */
    @ExceptionHandler(PersonErasedException.class)
    ResponseEntity<ProblemDetail> erased(PersonErasedException e) {
        return api(new ApiException(HttpStatus.NOT_FOUND, "Not found", e.getMessage()));
    }

    /** The one place where an application service's refusal becomes an HTTP status. */
    @ExceptionHandler(RequestRefused.class)
    ResponseEntity<ProblemDetail> refused(RequestRefused e) {
        return api(asApiException(e));
    }

    /**
     * The problem document of an expected refusal, for answers that carry several (one per item of
     * a batch): the same status, title, detail and members the single request would get.
     */
    public static ProblemDetail problemOf(RuntimeException refusal) {
        ApiException e = refusal instanceof RequestRefused refused ? asApiException(refused) : (ApiException) refusal;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        problem.setTitle(e.title());
        problem.setType(e.type());
        e.properties().forEach(problem::setProperty);
        return problem;
    }

    private static ApiException asApiException(RequestRefused e) {
        Map<String, Object> properties =
                e.reason() == RequestRefused.Reason.INVALID ? Map.of("errors", e.violations()) : e.details();
        return new ApiException(statusOf(e.reason()), titleOf(e.reason()), e.getMessage(), properties);
    }

    static HttpStatus statusOf(RequestRefused.Reason reason) {
        return switch (reason) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case UNPROCESSABLE -> HttpStatus.UNPROCESSABLE_CONTENT;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
        };
    }

    private static String titleOf(RequestRefused.Reason reason) {
        return switch (reason) {
            case INVALID -> "Invalid request";
            case NOT_FOUND -> "Not found";
            case CONFLICT -> "Conflict";
            case UNPROCESSABLE -> "Unprocessable content";
            case FORBIDDEN -> "Forbidden";
        };
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraintViolation(ConstraintViolationException e) {
        List<Violation> errors = e.getConstraintViolations().stream()
                .map(v -> new Violation(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(Comparator.comparing(Violation::field))
                .toList();
        return answer(invalid(errors));
    }

    /** A query string (or form body) Tomcat cannot decode: bad percent-encoding, bytes that are not UTF-8. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> unreadableParameters(InvalidParameterException e) {
        log.debug("Request refused status=400 detail=\"unreadable query parameters\"");
        return answer(invalid(List.of(UNREADABLE_PARAMETERS)));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        String expected = e.getRequiredType() == null
                ? "has the wrong type or format"
                : JsonProblems.expected(e.getRequiredType());
        return answer(invalid(List.of(new Violation(e.getName(), expected))));
    }

    /**
     * A fault of ours: logged with its stack trace, answered without one. Unless it was a streamed
     * body passing its limit, which an endpoint that reads the body itself (an import) may have
     * wrapped: that is the client's, a 413.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        BodyTooLargeException tooLarge = BodyTooLargeException.in(e);
        if (tooLarge != null) {
            return answer(tooLarge(tooLarge));
        }
        log.error("Unexpected error while handling a request", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, UNEXPECTED);
        problem.setTitle("Internal error");
        problem.setType(ProblemTypes.of("Internal error"));
        return answer(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Violation> errors = e.getBindingResult().getFieldErrors().stream()
                .map(error -> new Violation(error.getField(), error.getDefaultMessage()))
                .sorted(Comparator.comparing(Violation::field))
                .toList();
        return answer(invalid(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Violation> errors = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> new Violation(
                                result.getMethodParameter().getParameterName(), error.getDefaultMessage())))
                .toList();
        return answer(invalid(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        BodyTooLargeException tooLarge = BodyTooLargeException.in(e);
        if (tooLarge != null) {
            return answer(tooLarge(tooLarge));
        }
        JacksonException jackson = outermostJackson(e);
        Violation error = jackson != null
                ? JsonProblems.of(jackson)
                : new Violation("body", "missing or unreadable request body");
        return answer(invalid(List.of(error)));
    }

    @Override
    protected ResponseEntity<Object> handleNoHandlerFoundException(
            NoHandlerFoundException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return notFound(e, e.getBody(), headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(
            NoResourceFoundException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return notFound(e, e.getBody(), headers, status, request);
    }

    private ResponseEntity<Object> notFound(
            Exception e, ProblemDetail problem, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        problem.setDetail(nothingAnswers(request));
        return handleExceptionInternal(e, problem, headers, status, request);
    }

    /** The detail of a 404 for a path no endpoint has, here and in {@link ProblemErrorController}. */
    static String nothingAnswers(String method, String path) {
        return "Nothing answers " + Quoted.of(method) + " " + Quoted.of(path)
                + " here; /v3/api-docs lists the endpoints of this service.";
    }

    private static String nothingAnswers(WebRequest request) {
        HttpServletRequest servlet = ((ServletWebRequest) request).getRequest();
        return nothingAnswers(servlet.getMethod(), servlet.getRequestURI());
    }

    /** Spring's "Content-Type '...' is not supported", with a long header value cut short and what to send. */
    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
            HttpMediaTypeNotSupportedException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String supported =
                e.getSupportedMediaTypes().stream().map(MediaType::toString).collect(Collectors.joining(" or "));
        String sent = e.getContentType() == null
                ? "The Content-Type header is missing or not a media type"
                : "Content-Type '" + Quoted.of(e.getContentType().toString()) + "' is not supported";
        ProblemDetail problem = e.getBody();
        problem.setDetail(supported.isEmpty() ? sent + "." : sent + "; send " + supported + ".");
        return handleExceptionInternal(e, problem, headers, status, request);
    }

    /** Gives the problems Spring MVC raises itself (405, 406, 415, ...) a title and a type like ours. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            if (problem.getTitle() == null) {
                HttpStatus known = HttpStatus.resolve(status.value());
                problem.setTitle(known != null ? known.getReasonPhrase() : "Error");
            }
            if (problem.getType() == null
                    || "about:blank".equals(problem.getType().toString())) {
                problem.setType(ProblemTypes.of(problem.getTitle()));
            }
            // named here, so that no Accept header (not even one that cannot be parsed) leaves it without a
            // body; on a copy, for Spring hands some exceptions' headers over read-only (a 404's)
            HttpHeaders problemHeaders = new HttpHeaders();
            problemHeaders.putAll(headers);
            problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            return super.createResponseEntity(body, problemHeaders, status, request);
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    /**
     * A problem's {@code instance} is the path of the request (Spring MVC sets it), cut short when
     * the path is long: no answer repeats a long input.
     */
    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(
            Object body,
            MethodParameter returnType,
            MediaType selectedContentType,
            Class<? extends HttpMessageConverter<?>> selectedConverterType,
            ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem && problem.getInstance() != null) {
            problem.setInstance(instance(problem.getInstance().getRawPath()));
        }
        return body;
    }

    /** The {@code instance} of a problem about {@code path}: the path, or its start if it is long. */
    static URI instance(String path) {
        String shown = path == null || path.length() <= MAX_INSTANCE ? path : path.substring(0, MAX_INSTANCE) + "...";
        try {
            return shown == null ? null : new URI(null, null, shown, null);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The problem with the status it names, as problem+json whatever the caller accepts. */
    private static ProblemDetail tooLarge(BodyTooLargeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
        problem.setTitle("Content too large");
        problem.setType(ProblemTypes.of("Content too large"));
        return problem;
    }

    private static <T> ResponseEntity<T> answer(ProblemDetail problem) {
        @SuppressWarnings("unchecked")
        T body = (T) problem;
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }

    static ProblemDetail invalid(List<Violation> errors) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, RequestRefused.describe(errors));
        problem.setTitle("Invalid request");
        problem.setType(ProblemTypes.of("Invalid request"));
        problem.setProperty("errors", errors);
        return problem;
    }

    /** The Jackson exception that carries the path of the field (its causes, such as a date parser's, do not). */
    private static JacksonException outermostJackson(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException jackson) {
                return jackson;
            }
        }
        return null;
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }
}
