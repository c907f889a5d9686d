package com.keepintouch.interaction.capture.smtp;

import com.keepintouch.interaction.capture.MessageCapture;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The SMTP listener of the capture addresses (SubEthaSMTP), started with the application and
 * stopped before it: only when {@code kit.capture.smtp.enabled}. It takes no authentication and
 * no TLS of its own: it accepts mail for current capture addresses alone, so it relays nothing; in
 * production it sits behind the domain's MX (or a TLS-terminating proxy) that relays to it.
 */
@Component
@ConditionalOnBooleanProperty("kit.capture.smtp.enabled")
class CaptureSmtpListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CaptureSmtpListener.class);

    private final SMTPServer server;
    private final CaptureSmtpProperties properties;

    CaptureSmtpListener(
            CaptureSmtpProperties properties,
            CaptureAddressProperties addressProperties,
            CaptureAddressManagement addresses,
            MessageCapture capture,
            CaptureSmtpMetrics metrics,
            Clock clock) {
        this.properties = properties;
        SenderLimits limits = new SenderLimits(
                properties.maxConnectionsPerAddress(),
                properties.rateLimit().messages(),
                properties.rateLimit().period(),
                metrics);
        CapturedMail.Context context = new CapturedMail.Context(
                addresses,
                CaptureAddressFormat.of(addressProperties),
                capture,
                limits,
                metrics,
                clock,
                properties.maxMessageSize().toBytes(),
                properties.maxHeaderSize().toBytes());
        this.server = SMTPServer.port(properties.port())
                .bindAddress(bindAddress(properties.bindAddress()))
                .hostName(properties.hostName())
                .softwareName("keep-in-touch capture")
                .messageHandlerFactory(ctx -> new CapturedMail(context, ctx.getRemoteAddress()))
                .sessionHandler(limits)
                .maxMessageSize((int)
                        Math.min(Integer.MAX_VALUE, properties.maxMessageSize().toBytes()))
                .maxRecipients(properties.maxRecipients())
                .maxConnections(properties.maxConnections())
                .connectionTimeout((int) properties.connectionTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .insertReceivedHeaders(false)
                .build();
    }

    private static InetAddress bindAddress(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(
                    "kit.capture.smtp.bind-address is not an address of this machine: " + address, e);
        }
    }

    /** The port it listens on: the configured one, or the one chosen for port 0. */
    int port() {
        return server.getPortAllocated();
    }

    @Override
    public void start() {
        server.start();
        log.info(
                "Capture SMTP listening address={} port={} maxMessageSize={}",
                properties.bindAddress(),
                port(),
                properties.maxMessageSize());
    }

    @Override
    public void stop() {
        server.stop();
        log.info("Capture SMTP stopped");
    }

    @Override
    public boolean isRunning() {
        return server.isRunning();
    }
}
