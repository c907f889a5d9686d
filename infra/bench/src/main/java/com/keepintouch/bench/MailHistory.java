package com.keepintouch.bench;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;

/**
 * A year of someone's mail, generated: what a mailbox's history looks like to mailbox sync. Each
 * message has a Message-ID, From, To and Cc among a set of correspondents and the owner, a Date
 * spread over the past year (in the order of the list), a Subject, and for replies In-Reply-To and
 * References that build real threads; a share is automated (List-Id with {@code Precedence: bulk},
 * or {@code Auto-Submitted}), a few go to 25 people at once. The same seed gives the same history.
 *
 * <p>{@link #appendTo} APPENDs it to a folder of any IMAP server (GreenMail, Dovecot) with Jakarta
 * Mail, a batch of messages per call; {@link #expected} says what capturing it should record for a
 * given set of contacts, by the capture rules.
 */
public final class MailHistory {

    /** What share of new conversations comes from mailing lists and robots. */
    static final double AUTOMATED_SHARE = 0.15;
    /** What share goes to {@link #CROWD} people at once. */
    static final double CROWDED_SHARE = 0.01;
    /** What share of messages answers an earlier one. */
    static final double REPLY_SHARE = 0.40;

    static final int CROWD = 25;
    /** More recipients than this, and a message is nobody's touch: the default of kit.capture.messages.max-recipients. */
    static final int MAX_RECIPIENTS = 20;

    private static final int THREAD_WINDOW = 200;
    private static final int MAX_REFERENCES = 10;
    private static final List<String> TOPICS = List.of(
            "Coffee next week?",
            "The senior backend role",
            "Intro: a candidate you should meet",
            "Notes from our call",
            "Quick question about the offer",
            "Your CV",
            "Hiring plans for Q3",
            "Following up",
            "Lunch on Thursday",
            "Referral for the platform team",
            "Interview feedback",
            "Congratulations on the new job!");

    /** One generated message, as its headers tell it. Addresses are lowercase. */
    public record Mail(
            String messageId,
            String from,
            List<String> to,
            List<String> cc,
            Instant date,
            String subject,
            String inReplyTo,
            List<String> references,
            String listId,
            String autoSubmitted) {

        public boolean automated() {
            return listId != null || autoSubmitted != null;
        }

        /** Distinct To and Cc. */
        public Set<String> recipients() {
            Set<String> all = new LinkedHashSet<>(to);
            all.addAll(cc);
            return all;
        }
    }

    /** What capturing the history should record for one set of contacts. */
    public record Expected(
            int interactions,
            int automated,
            int crowded,
            Map<String, Integer> touches,
            Map<String, Instant> lastTouch) {}

    /** MailDateFormat is a SimpleDateFormat: one per thread. */
    private static final ThreadLocal<MailDateFormat> DATES = ThreadLocal.withInitial(MailDateFormat::new);

    private final String owner;
    private final List<Mail> mails;

    private MailHistory(String owner, List<Mail> mails) {
        this.owner = owner;
        this.mails = List.copyOf(mails);
    }

    /**
     * @param owner the mailbox owner's address
     * @param correspondents the other people's addresses (at least {@value #CROWD})
     * @param fromOwnerShare of the new personal conversations, what share the owner starts
     */
    public static MailHistory generate(
            String owner, List<String> correspondents, int count, double fromOwnerShare, Instant now, long seed) {
        if (correspondents.size() < CROWD) {
            throw new IllegalArgumentException("a history needs at least " + CROWD + " correspondents");
        }
        Random random = new Random(seed);
        String run = Long.toString(seed, 36) + Long.toString(now.getEpochSecond(), 36);
        Instant start = now.minus(Duration.ofDays(365));
        long spacing = Math.max(1, Duration.ofDays(365).toSeconds() / Math.max(1, count));
        List<Mail> mails = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Instant date =
                    start.plusSeconds(i * spacing + random.nextLong(spacing)).truncatedTo(ChronoUnit.SECONDS);
            String id = run + "." + i + "@mail.bench.example";
            Mail parent = pickParent(mails, random);
            Mail mail;
            if (parent != null && random.nextDouble() < REPLY_SHARE) {
                mail = reply(parent, id, date, owner, random);
            } else if (random.nextDouble() < AUTOMATED_SHARE) {
                int list = random.nextInt(5);
                boolean bulk = random.nextBoolean();
                mail = new Mail(
                        id,
                        "news-" + list + "@lists.bench.example",
                        List.of(owner),
                        List.of(),
                        date,
                        "Newsletter " + list + ": issue " + i,
                        null,
                        List.of(),
                        bulk ? "<news-" + list + ".lists.bench.example>" : null,
                        bulk ? null : "auto-generated");
            } else if (random.nextDouble() < CROWDED_SHARE) {
                List<String> people = distinct(correspondents, CROWD, random);
                boolean mine = random.nextBoolean();
                String from = mine ? owner : people.remove(0);
                if (!mine) {
                    people.add(owner);
                }
                mail = new Mail(
                        id,
                        from,
                        List.copyOf(people.subList(0, 10)),
                        List.copyOf(people.subList(10, people.size())),
                        date,
                        "All hands: " + TOPICS.get(random.nextInt(TOPICS.size())),
                        null,
                        List.of(),
                        null,
                        null);
            } else {
                List<String> people = distinct(correspondents, 1 + random.nextInt(3), random);
                String subject = TOPICS.get(random.nextInt(TOPICS.size()));
                if (random.nextDouble() < fromOwnerShare) {
                    mail = new Mail(
                            id,
                            owner,
                            List.of(people.get(0)),
                            List.copyOf(people.subList(1, people.size())),
                            date,
                            subject,
                            null,
                            List.of(),
                            null,
                            null);
                } else {
                    mail = new Mail(
                            id,
                            people.get(0),
                            List.of(owner),
                            List.copyOf(people.subList(1, people.size())),
                            date,
                            subject,
                            null,
                            List.of(),
                            null,
                            null);
                }
            }
            mails.add(mail);
        }
        return new MailHistory(owner, mails);
    }

    public String owner() {
        return owner;
    }

    public List<Mail> mails() {
        return mails;
    }

    /**
     * APPENDs every message to {@code folder} (open or closed; created when missing), {@code batch}
     * messages per {@link Folder#appendMessages} call.
     */
    public void appendTo(Folder folder, int batch) throws MessagingException {
        if (!folder.exists()) {
            folder.create(Folder.HOLDS_MESSAGES);
        }
        Session session = Session.getInstance(new Properties());
        for (int from = 0; from < mails.size(); from += batch) {
            List<Mail> slice = mails.subList(from, Math.min(mails.size(), from + batch));
            Message[] messages = new Message[slice.size()];
            for (int i = 0; i < messages.length; i++) {
                messages[i] = message(session, slice.get(i));
            }
            folder.appendMessages(messages);
        }
    }

    /**
     * As a mail client keeps it: what the owner sent in {@code sent}, everything else in {@code
     * inbox} (each created when missing).
     */
    public void appendTo(Store store, String inbox, String sent, int batch) throws MessagingException {
        MailHistory received = new MailHistory(
                owner, mails.stream().filter(m -> !m.from().equals(owner)).toList());
        MailHistory mine = new MailHistory(
                owner, mails.stream().filter(m -> m.from().equals(owner)).toList());
        mine.appendTo(store.getFolder(sent), batch);
        received.appendTo(store.getFolder(inbox), batch);
    }

    /**
     * The MIME message of one mail, with a short plain-text body. The text is written out and
     * parsed back, which costs a tenth of building the message field by field ({@code saveChanges}
     * looks at the content to choose its encoding): 20,000 messages are ready in a second or two.
     */
    public static MimeMessage message(Session session, Mail mail) throws MessagingException {
        StringBuilder text = new StringBuilder(600);
        header(text, "Message-ID", "<" + mail.messageId() + ">");
        header(text, "Date", DATES.get().format(Date.from(mail.date())));
        header(text, "From", mail.from());
        header(text, "To", String.join(", ", mail.to()));
        if (!mail.cc().isEmpty()) {
            header(text, "Cc", String.join(", ", mail.cc()));
        }
        try {
            header(text, "Subject", MimeUtility.encodeText(mail.subject(), "UTF-8", "Q"));
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
        if (mail.inReplyTo() != null) {
            header(text, "In-Reply-To", "<" + mail.inReplyTo() + ">");
            header(
                    text,
                    "References",
                    String.join(
                            " ",
                            mail.references().stream().map(id -> "<" + id + ">").toList()));
        }
        if (mail.listId() != null) {
            header(text, "List-Id", mail.listId());
            header(text, "Precedence", "bulk");
        }
        if (mail.autoSubmitted() != null) {
            header(text, "Auto-Submitted", mail.autoSubmitted());
        }
        header(text, "MIME-Version", "1.0");
        header(text, "Content-Type", "text/plain; charset=UTF-8");
        header(text, "Content-Transfer-Encoding", "7bit");
        text.append("\r\nHi,\r\n\r\nthis is message ")
                .append(mail.messageId())
                .append(".\r\n\r\nBest,\r\n")
                .append(mail.from())
                .append("\r\n");
        return new MimeMessage(session, new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.US_ASCII)));
    }

    /** One header line, folded where it is long (a To of 25 people). */
    private static void header(StringBuilder text, String name, String value) {
        text.append(MimeUtility.fold(0, name + ": " + value)).append("\r\n");
    }

    /**
     * By the capture rules: automated mail and mail to more than {@value #MAX_RECIPIENTS} people
     * are nobody's touch; a message from a contact is one inbound touch of that contact; one from
     * the owner is an outbound touch of each contact among its recipients; anything else is none.
     */
    public Expected expected(Collection<String> contacts) {
        Set<String> known = Set.copyOf(contacts);
        Map<String, Integer> touches = new HashMap<>();
        Map<String, Instant> lastTouch = new HashMap<>();
        int interactions = 0;
        int automated = 0;
        int crowded = 0;
        for (Mail mail : mails) {
            if (mail.automated()) {
                automated++;
                continue;
            }
            if (mail.recipients().size() > MAX_RECIPIENTS) {
                crowded++;
                continue;
            }
            List<String> touched = known.contains(mail.from())
                    ? List.of(mail.from())
                    : mail.from().equals(owner)
                            ? mail.recipients().stream().filter(known::contains).toList()
                            : List.of();
            for (String contact : touched) {
                interactions++;
                touches.merge(contact, 1, Integer::sum);
                lastTouch.merge(contact, mail.date(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        return new Expected(interactions, automated, crowded, touches, lastTouch);
    }

    private static Mail pickParent(List<Mail> mails, Random random) {
        if (mails.isEmpty()) {
            return null;
        }
        Mail parent = mails.get(mails.size() - 1 - random.nextInt(Math.min(THREAD_WINDOW, mails.size())));
        return parent.automated() ? null : parent;
    }

    /** One of the other people on the parent answers its sender, keeping the others in copy. */
    private static Mail reply(Mail parent, String id, Instant date, String owner, Random random) {
        List<String> others = new ArrayList<>(parent.recipients());
        others.remove(parent.from());
        String from =
                others.contains(owner) && random.nextDouble() < 0.5 ? owner : others.get(random.nextInt(others.size()));
        List<String> cc = new ArrayList<>(others);
        cc.remove(from);
        List<String> references = new ArrayList<>(parent.references());
        references.add(parent.messageId());
        if (references.size() > MAX_REFERENCES) {
            references = references.subList(references.size() - MAX_REFERENCES, references.size());
        }
        String subject = parent.subject().startsWith("Re: ") ? parent.subject() : "Re: " + parent.subject();
        return new Mail(
                id,
                from,
                List.of(parent.from()),
                List.copyOf(cc),
                date,
                subject,
                parent.messageId(),
                List.copyOf(references),
                null,
                null);
    }

    private static List<String> distinct(List<String> addresses, int count, Random random) {
        Set<String> picked = new LinkedHashSet<>();
        while (picked.size() < count) {
            picked.add(addresses.get(random.nextInt(addresses.size())));
        }
        return new ArrayList<>(picked);
    }
}
