package com.keepintouch.contact.audit;

import com.keepintouch.platform.security.Scope;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Audits the erase and export requests that the security chain refused with 403 before any
 * controller ran: an erase with an {@code ops} token (scopes before ownership), a call with a
 * token of no known scope. Runs around the chain and reads the token it authenticated; a refusal
 * a controller audited itself is left alone. A 401 (no valid token) names nobody and is not audited.
 */
class RefusedByScope extends OncePerRequestFilter {

    /** Set on a request whose outcome {@link AuditTrail} recorded. */
    static final String AUDITED = RefusedByScope.class.getName() + ".AUDITED";

    private static final Pattern ERASE = Pattern.compile("/api/contacts/([^/]+)/erase");
    private static final Pattern EXPORT = Pattern.compile("/api/contacts/([^/]+)/export");
    private static final Set<String> SCOPES = Arrays.stream(Scope.values())
            .map(scope -> "SCOPE_" + scope.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.toSet());

    private final AuditTrail audit;
    private final RequestAttributeSecurityContextRepository contexts = new RequestAttributeSecurityContextRepository();

    RefusedByScope(AuditTrail audit) {
        this.audit = audit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, response);
        if (response.getStatus() != HttpStatus.FORBIDDEN.value() || request.getAttribute(AUDITED) != null) {
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        AuditAction action;
        Matcher matcher;
        if ("POST".equals(request.getMethod()) && (matcher = ERASE.matcher(path)).matches()) {
            action = AuditAction.ERASE;
        } else if ("GET".equals(request.getMethod()) && (matcher = EXPORT.matcher(path)).matches()) {
            action = AuditAction.EXPORT;
        } else {
            return;
        }
        SecurityContext context = contexts.loadDeferredContext(request).get();
        Authentication authentication = context == null ? null : context.getAuthentication();
        if (!(authentication instanceof JwtAuthenticationToken jwt)) {
            return;
        }
        List<String> scopes = jwt.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(SCOPES::contains)
                .map(authority -> authority.substring("SCOPE_".length()))
                .sorted()
                .toList();
        audit.record(
                action,
                new Actor(jwt.getToken().getSubject(), scopes),
                null,
                matcher.group(1),
                AuditOutcome.FORBIDDEN,
                "the token's scopes do not allow it",
                null);
    }
}
