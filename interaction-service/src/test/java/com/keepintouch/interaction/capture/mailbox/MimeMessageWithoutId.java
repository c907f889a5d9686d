package com.keepintouch.interaction.capture.mailbox;

import com.icegreen.greenmail.store.MailFolder;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;

/** A message without a Message-ID, as broken mailers send them: the sync counts it invalid and goes on. */
final class MimeMessageWithoutId {

    private MimeMessageWithoutId() {}

    static void append(MailFolder folder, String from, String to, Instant date) {
        String raw = "From: " + from + "\r\nTo: " + to + "\r\nSubject: no id\r\n\r\nbody\r\n";
        try {
            MimeMessage message = new MimeMessage(
                    Session.getInstance(new Properties()),
                    new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)));
            folder.appendMessage(message, new Flags(), Date.from(date));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
