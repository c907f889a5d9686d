package com.keepintouch.interaction.capture.smtp;

import com.keepintouch.interaction.capture.CaptureOutcome;
import com.keepintouch.interaction.capture.CaptureSource;
import com.keepintouch.interaction.capture.CapturedMessage;
import com.keepintouch.interaction.capture.MessageCapture;
import com.keepintouch.interaction.capture.MessageHeaders;
import com.keepintouch.interaction.capture.smtp.CaptureSmtpMetrics.Refusal;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;

/**
 * One mail transaction on the capture listener. RCPT TO is accepted only for a current capture
 * address (anything else is 550: this server relays nothing and takes no mail for anyone else);
 * DATA reads the header block alone and hands the message to {@link MessageCapture} once per owner
 * named, the token proving the owner (so no owner addresses are given).
 */
final class CapturedMail implements MessageHandler {

    private static final Logger log = LoggerFactory.getLogger(CapturedMail.class);

    /** What every transaction shares. */
    record Context(
            CaptureAddressManagement addresses,
            CaptureAddressFormat format,
            MessageCapture capture,
            SenderLimits limits,
            CaptureSmtpMetrics metrics,
            Clock clock,
            long maxMessageSize,
            long maxHeaderSize) {}

    private final Context context;
    private final SocketAddress remote;
    private final Set<String> owners = new LinkedHashSet<>();

    CapturedMail(Context context, SocketAddress remote) {
        this.context = context;
        this.remote = remote;
    }

    @Override
    public void from(String from) throws RejectException {
        if (!context.limits().mayDeliver(remote)) {
            context.metrics().refused(Refusal.RATE_LIMITED);
            log.debug("Capture mail refused reason=rate_limited");
            throw new RejectException(451, "4.7.1 Too many messages from your address; try again later");
        }
    }

    @Override
    public void recipient(String recipient) throws RejectException {
        Optional<CaptureToken> token = context.format().tokenOf(recipient);
        if (token.isEmpty()) {
            context.metrics().refused(Refusal.NOT_A_CAPTURE_ADDRESS);
            throw new RejectException(
                    550, "5.7.1 This server takes mail for its capture addresses only and relays nothing");
        }
        Optional<String> owner;
        try {
            owner = context.addresses().ownerOf(token.get());
        } catch (RuntimeException e) {
            context.metrics().refused(Refusal.UNAVAILABLE);
            log.warn("Capture mail deferred reason=unavailable error={}", e.toString());
            throw new RejectException(451, "4.3.0 The address cannot be looked up now; try again later");
        }
        if (owner.isEmpty()) {
            context.metrics().refused(Refusal.UNKNOWN_ADDRESS);
            throw new RejectException(550, "5.1.1 No such capture address: it was rotated or never issued");
        }
        owners.add(owner.get());
    }

    @Override
    public String data(InputStream data) throws RejectException, IOException {
        HeaderBlock.Read read = HeaderBlock.read(data, context.maxHeaderSize());
        if (read.size() > context.maxMessageSize()) {
            context.metrics().refused(Refusal.TOO_LARGE);
            log.info("Capture mail refused reason=too_large size={}", read.size());
            throw new RejectException(
                    552, "5.3.4 Message size exceeds fixed limit of " + context.maxMessageSize() + " bytes");
        }
        if (read.headers().isEmpty()) {
            context.metrics().refused(Refusal.TOO_LARGE);
            log.info("Capture mail refused reason=too_large headers=over_limit");
            throw new RejectException(
                    552, "5.3.4 Header block exceeds fixed limit of " + context.maxHeaderSize() + " bytes");
        }
        MessageHeaders.Parsed parsed = MessageHeaders.parse(read.headers().get());
        if (parsed instanceof MessageHeaders.Parsed.Invalid invalid) {
            context.metrics().refused(Refusal.INVALID_MESSAGE);
            log.info("Capture mail refused reason=invalid_message");
            throw new RejectException(554, "5.6.0 " + invalid.reason());
        }
        CapturedMessage message = ((MessageHeaders.Parsed.Valid) parsed).message();
        if (message.date() == null) {
            message = message.withDate(context.clock().instant());
        }
        message = withoutCaptureAddresses(message);
        for (String owner : owners) {
            CaptureOutcome outcome;
            try {
                outcome = context.capture().capture(owner, Set.of(), message, CaptureSource.CAPTURE_ADDRESS);
            } catch (RuntimeException e) {
                context.metrics().refused(Refusal.UNAVAILABLE);
                log.warn("Capture mail deferred ownerId={} reason=unavailable error={}", owner, e.toString());
                throw new RejectException(451, "4.3.0 The message cannot be recorded now; try again later");
            }
            log.info(
                    "Capture mail accepted ownerId={} skipped={} contacts={} recorded={} known={}",
                    owner,
                    outcome.skipped(),
                    outcome.contactsMatched(),
                    outcome.recorded(),
                    outcome.alreadyKnown());
        }
        context.metrics().accepted();
        return null; // 250 Ok
    }

    @Override
    public void done() {
        // nothing is kept between transactions
    }

    /**
     * The capture addresses among the recipients are this system, not people the owner wrote to;
     * left in, they would count towards the recipient limit of a broadcast.
     */
    private CapturedMessage withoutCaptureAddresses(CapturedMessage m) {
        return new CapturedMessage(
                m.messageId(),
                m.replyTargets(),
                m.from(),
                people(m.to()),
                people(m.cc()),
                people(m.bcc()),
                m.date(),
                m.subject(),
                m.automated());
    }

    private List<String> people(List<String> addresses) {
        return addresses.stream()
                .filter(a -> !context.format().atCaptureDomain(a))
                .toList();
    }
}
