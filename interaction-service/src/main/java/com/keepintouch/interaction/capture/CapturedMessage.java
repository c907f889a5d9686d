package com.keepintouch.interaction.capture;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A message as its headers tell it; nothing of the body is ever read or kept. Addresses are
 * lowercased and the lists copied, deduplicated and without blanks, whoever builds one.
 *
 * @param messageId Message-ID without {@code <>}, trimmed; never null
 * @param replyTargets the ids this message answers: In-Reply-To first, then References from newest
 *     to oldest, without {@code <>}, deduplicated
 * @param from the From address; never null
 * @param to the To addresses
 * @param cc the Cc addresses
 * @param bcc the Bcc addresses, present in a Sent folder's copy or an SMTP envelope; often empty
 * @param date the Date header; null when missing or unparseable (the caller then uses its own time,
 *     such as IMAP INTERNALDATE or the SMTP receipt time: {@link #withDate})
 * @param subject the subject, decoded (RFC 2047); may be null
 * @param automated sent by a machine: Auto-Submitted other than "no", any List-Id, or Precedence
 *     bulk, list or junk
 */
public record CapturedMessage(
        String messageId,
        List<String> replyTargets,
        String from,
        List<String> to,
        List<String> cc,
        List<String> bcc,
        Instant date,
        String subject,
        boolean automated) {

    public CapturedMessage {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(from, "from");
        messageId = messageId.strip();
        replyTargets = distinct(replyTargets, false);
        from = from.strip().toLowerCase(Locale.ROOT);
        to = distinct(to, true);
        cc = distinct(cc, true);
        bcc = distinct(bcc, true);
    }

    /** The same message with this date, for a caller that fills a missing Date header with its own time. */
    public CapturedMessage withDate(Instant date) {
        return new CapturedMessage(messageId, replyTargets, from, to, cc, bcc, date, subject, automated);
    }

    /** Every recipient once: to, cc and bcc together, in that order. */
    public Set<String> recipients() {
        Set<String> all = new LinkedHashSet<>(to);
        all.addAll(cc);
        all.addAll(bcc);
        return all;
    }

    private static List<String> distinct(List<String> values, boolean lowercase) {
        if (values == null) {
            return List.of();
        }
        Set<String> kept = new LinkedHashSet<>();
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                String v = value.strip();
                kept.add(lowercase ? v.toLowerCase(Locale.ROOT) : v);
            }
        }
        return List.copyOf(new ArrayList<>(kept));
    }
}
