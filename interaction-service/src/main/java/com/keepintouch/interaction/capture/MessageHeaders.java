package com.keepintouch.interaction.capture;

import jakarta.mail.Header;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@link CapturedMessage} from a message's headers with Jakarta Mail: addresses with
 * {@link InternetAddress#parseHeader} (not strict, as mail in the wild needs), the date as
 * {@code MimeMessage.getSentDate} reads it ({@link MailDateFormat}), the subject decoded as
 * {@code MimeMessage.getSubject} does ({@link MimeUtility#decodeText}). The body is never read.
 */
public final class MessageHeaders {

    /** One message id of In-Reply-To or References: what stands between angle brackets (RFC 5322 msg-id). */
    private static final Pattern MESSAGE_ID = Pattern.compile("<([^<>\\s]+)>");

    private static final Set<String> BULK_PRECEDENCE = Set.of("bulk", "list", "junk");

    private MessageHeaders() {}

    /** A message read from its headers, or why it cannot be captured. */
    public sealed interface Parsed {

        /** The headers describe a message that can be captured. */
        record Valid(CapturedMessage message) implements Parsed {}

        /**
         * The headers cannot be captured: no Message-ID, or a From that holds no address.
         *
         * @param reason a sentence a person reads, without addresses or subjects
         */
        record Invalid(String reason) implements Parsed {}
    }

    /**
     * Reads a message from its headers; invalid when there is no Message-ID or From cannot be parsed.
     * Unreadable To, Cc or Bcc headers count as no recipients; an unreadable Date as no date.
     */
    public static Parsed parse(InternetHeaders headers) {
        String messageId = messageIds(headers.getHeader("Message-ID", " ")).stream()
                .findFirst()
                .orElse(null);
        if (messageId == null) {
            return new Parsed.Invalid("The message has no Message-ID, so it cannot be told apart from others");
        }
        List<String> from = addresses(headers.getHeader("From", ","));
        if (from.isEmpty()) {
            return new Parsed.Invalid("The message's From header holds no address that can be read");
        }
        List<String> replyTargets = new ArrayList<>(messageIds(headers.getHeader("In-Reply-To", " ")));
        List<String> references = new ArrayList<>(messageIds(headers.getHeader("References", " ")));
        Collections.reverse(references);
        replyTargets.addAll(references);
        return new Parsed.Valid(new CapturedMessage(
                messageId,
                replyTargets,
                from.get(0),
                addresses(headers.getHeader("To", ",")),
                addresses(headers.getHeader("Cc", ",")),
                addresses(headers.getHeader("Bcc", ",")),
                date(headers.getHeader("Date", null)),
                subject(headers.getHeader("Subject", null)),
                automated(headers)));
    }

    /**
     * Reads a message from {@link Message#getAllHeaders()}, so an IMAP message fetched with a
     * {@code FetchProfile} of header names costs no body.
     */
    public static Parsed parse(Message message) throws MessagingException {
        InternetHeaders headers = new InternetHeaders();
        Enumeration<Header> all = message.getAllHeaders();
        while (all.hasMoreElements()) {
            Header header = all.nextElement();
            headers.addHeader(header.getName(), header.getValue());
        }
        return parse(headers);
    }

    /** The ids between angle brackets, in order; a lone bare id (some clients omit the brackets) counts too. */
    private static List<String> messageIds(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        String unfolded = MimeUtility.unfold(value);
        List<String> ids = new ArrayList<>();
        Matcher m = MESSAGE_ID.matcher(unfolded);
        while (m.find()) {
            ids.add(m.group(1));
        }
        String bare = unfolded.strip();
        if (ids.isEmpty() && !bare.isEmpty() && bare.indexOf('<') < 0 && bare.indexOf('>') < 0 && !bare.contains(" ")) {
            ids.add(bare);
        }
        return ids;
    }

    /** Every address of a header, members of groups included, lowercased; none when it cannot be read. */
    private static List<String> addresses(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<String> found = new ArrayList<>();
        try {
            for (InternetAddress address : InternetAddress.parseHeader(value, false)) {
                if (address.isGroup()) {
                    for (InternetAddress member : address.getGroup(false)) {
                        add(found, member);
                    }
                } else {
                    add(found, address);
                }
            }
        } catch (AddressException e) {
            return List.of();
        }
        return found;
    }

    private static void add(List<String> found, InternetAddress address) {
        String a = address.getAddress();
        if (a != null) {
            a = a.strip();
            int at = a.indexOf('@');
            // not strict reads "Jill Smith jill@example.com" as one address with blanks: no address at all
            if (at > 0 && at < a.length() - 1 && a.chars().noneMatch(Character::isWhitespace)) {
                found.add(a.toLowerCase(Locale.ROOT));
            }
        }
    }

    /** As {@code MimeMessage.getSentDate}: null when missing or unparseable. */
    private static Instant date(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Date date = new MailDateFormat().parse(value);
            return date == null ? null : date.toInstant();
        } catch (ParseException e) {
            return null;
        }
    }

    /** As {@code MimeMessage.getSubject}: unfolded and decoded, raw when the charset is unknown. */
    private static String subject(String value) {
        if (value == null) {
            return null;
        }
        String unfolded = MimeUtility.unfold(value);
        try {
            return MimeUtility.decodeText(unfolded);
        } catch (UnsupportedEncodingException e) {
            return unfolded;
        }
    }

    /** Auto-Submitted other than "no" (RFC 3834), any List-Id (RFC 2919), or Precedence bulk, list or junk. */
    private static boolean automated(InternetHeaders headers) {
        String autoSubmitted = headers.getHeader("Auto-Submitted", ",");
        if (autoSubmitted != null && !autoSubmitted.isBlank()) {
            String keyword = autoSubmitted.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (!keyword.equals("no")) {
                return true;
            }
        }
        String listId = headers.getHeader("List-Id", ",");
        if (listId != null && !listId.isBlank()) {
            return true;
        }
        String precedence = headers.getHeader("Precedence", ",");
        return precedence != null && BULK_PRECEDENCE.contains(precedence.strip().toLowerCase(Locale.ROOT));
    }
}
