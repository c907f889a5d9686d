package com.keepintouch.interaction.capture.smtp;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;

/**
 * What one remote address may do: hold so many connections at once (SubEthaSMTP's limiter, 421
 * beyond), and send so many messages per period (a Resilience4j {@link RateLimiter} per address,
 * 451 beyond). The limiters of the {@value #TRACKED} most recently seen addresses are kept; an
 * address seen less recently starts afresh.
 */
final class SenderLimits implements SessionHandler {

    static final int TRACKED = 10_000;

    private final SessionHandler connections;
    private final RateLimiterConfig rate;
    private final CaptureSmtpMetrics metrics;
    private final Map<InetAddress, RateLimiter> limiters =
            Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<InetAddress, RateLimiter> eldest) {
                    return size() > TRACKED;
                }
            });

    SenderLimits(int connectionsPerAddress, int messages, Duration period, CaptureSmtpMetrics metrics) {
        this.connections = SessionHandler.limitConcurrentSessionsBySource(connectionsPerAddress);
        this.rate = RateLimiterConfig.custom()
                .limitForPeriod(messages)
                .limitRefreshPeriod(period)
                .timeoutDuration(Duration.ZERO)
                .build();
        this.metrics = metrics;
    }

    @Override
    public SessionAcceptance accept(Session session) {
        SessionAcceptance acceptance = connections.accept(session);
        if (!acceptance.accepted()) {
            metrics.refused(CaptureSmtpMetrics.Refusal.TOO_MANY_CONNECTIONS);
        }
        return acceptance;
    }

    @Override
    public void onSessionEnd(Session session) {
        connections.onSessionEnd(session);
    }

    /** Whether the remote address may send one more message now (it is counted if so). */
    boolean mayDeliver(SocketAddress remote) {
        InetAddress address =
                remote instanceof InetSocketAddress socket ? socket.getAddress() : InetAddress.getLoopbackAddress();
        return limiters.computeIfAbsent(address, a -> RateLimiter.of("capture-smtp", rate))
                .acquirePermission();
    }
}
