package com.keepintouch.platform.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page, as problem+json instead of Spring Boot's {@code {"timestamp", "error", "path"}}:
 * what a servlet or filter refused with {@code sendError} outside any controller (a method Tomcat
 * does not allow, such as TRACE; a method a page does not take), or an exception thrown by a filter.
 */
@Hidden
@RestController
@RequestMapping("${server.error.path:${error.path:/error}}")
class ProblemErrorController implements ErrorController {

    @RequestMapping
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        String path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri
                ? uri
                : request.getRequestURI();
        ProblemDetail problem;
        if (causedBy(request, InvalidParameterException.class)) {
            problem = ProblemHandling.invalid(List.of(ProblemHandling.UNREADABLE_PARAMETERS));
        } else {
            HttpStatus status = status(request);
            problem = ProblemDetail.forStatusAndDetail(status, detail(status, request.getMethod(), path));
            problem.setTitle(status.getReasonPhrase());
            problem.setType(ProblemTypes.of(status.getReasonPhrase()));
        }
        problem.setInstance(ProblemHandling.instance(path));
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static HttpStatus status(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (code == null) {
            return HttpStatus.NOT_FOUND; // the error page itself, asked for directly
        }
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        return status == null || !status.isError() ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    }

    private static String detail(HttpStatus status, String method, String path) {
        return switch (status) {
            case BAD_REQUEST -> ProblemErrorReportValve.MALFORMED;
            case NOT_FOUND -> ProblemHandling.nothingAnswers(method, path == null ? "" : path);
            // the error page may not see the method that was refused (Tomcat's TRACE comes here as GET)
            case METHOD_NOT_ALLOWED -> "This path does not take the method of this request.";
            case INTERNAL_SERVER_ERROR -> ProblemHandling.UNEXPECTED;
            default -> "The server could not answer this request (" + status.getReasonPhrase() + ").";
        };
    }

    private static boolean causedBy(HttpServletRequest request, Class<? extends Throwable> type) {
        for (Throwable e = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
                e != null;
                e = e.getCause()) {
            if (type.isInstance(e)) {
                return true;
            }
        }
        return false;
    }
}
