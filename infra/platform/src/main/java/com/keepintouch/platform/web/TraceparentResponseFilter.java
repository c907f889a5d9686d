package com.keepintouch.platform.web;

import com.keepintouch.platform.tracing.TraceContexts;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers every request with the {@code traceparent} of its server span, so a caller can find the
 * trace of any response (and of the events and webhooks it caused), also of an error.
 */
class TraceparentResponseFilter extends OncePerRequestFilter {

    private final TraceContexts traces;

    TraceparentResponseFilter(TraceContexts traces) {
        this.traces = traces;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String traceparent = traces.current();
        if (traceparent != null) {
            response.setHeader(TraceContexts.TRACEPARENT, traceparent);
        }
        chain.doFilter(request, response);
    }
}
