package com.keepintouch.platform.security;

import com.keepintouch.platform.web.ProblemTypes;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import tools.jackson.databind.json.JsonMapper;

/** 401 and 403 as problem+json, with the {@code WWW-Authenticate} header RFC 6750 asks for. */
class ProblemResponses {

    private final JsonMapper json;

    ProblemResponses(JsonMapper json) {
        this.json = json;
    }

    AuthenticationEntryPoint unauthorized() {
        return (request, response, exception) -> {
            boolean badToken = exception instanceof InvalidBearerTokenException
                    || request.getHeader(HttpHeaders.AUTHORIZATION) != null;
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, badToken ? "Bearer error=\"invalid_token\"" : "Bearer");
            write(response, HttpStatus.UNAUTHORIZED, "Unauthorized", detail(exception, badToken));
        };
    }

    AccessDeniedHandler forbidden() {
        return (request, response, exception) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"");
            write(response, HttpStatus.FORBIDDEN, "Forbidden", detail(exception));
        };
    }

    /** The firewall's refusal of a path that is not normalized ({@code ..}, {@code //}, {@code %2F}, {@code %25}). */
    RequestRejectedHandler rejected() {
        return (request, response, exception) -> write(
                response,
                HttpStatus.BAD_REQUEST,
                "Bad Request",
                "The request path is not allowed: it holds '..', '//', an encoded slash, period or percent sign, or"
                        + " another sequence that could change what it names.");
    }

    private static String detail(AuthenticationException exception, boolean badToken) {
        if (!badToken) {
            return "This endpoint needs a bearer token: Authorization: Bearer <JWT>.";
        }
        return "The bearer token was refused: " + TokenRefusal.of(exception);
    }

    private static String detail(AccessDeniedException exception) {
        return "The token's scopes do not allow this request: reading needs recruiter, ops or admin; a change needs recruiter or admin.";
    }

    private void write(HttpServletResponse response, HttpStatus status, String title, String detail)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(ProblemTypes.of(title));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
