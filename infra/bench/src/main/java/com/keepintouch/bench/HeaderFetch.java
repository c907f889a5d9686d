package com.keepintouch.bench;

import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MailDateFormat;
import java.text.ParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The raw ceiling of a mailbox backfill: the headers capture reads, of every message of a folder,
 * fetched with Jakarta Mail alone ({@link UIDFolder}, a {@link FetchProfile} of header names, in
 * batches) and parsed as capture parses them (addresses, date). No database, no HTTP, no Kafka:
 * the rate no backfill from this server can exceed.
 */
public final class HeaderFetch {

    /** The headers mailbox sync needs of a message; nothing of the body. */
    public static final List<String> HEADERS = List.of(
            "Message-ID",
            "In-Reply-To",
            "References",
            "From",
            "To",
            "Cc",
            "Date",
            "Subject",
            "Auto-Submitted",
            "List-Id",
            "Precedence");

    /** What a fetch read: messages, distinct Message-IDs, and how long it took. */
    public record Result(int messages, int messageIds, double seconds) {
        public double perSecond() {
            return messages / seconds;
        }
    }

    private HeaderFetch() {}

    /** Reads the headers of every message of {@code folderName}, {@code batch} messages per FETCH. */
    public static Result all(Store store, String folderName, int batch) throws MessagingException {
        Folder folder = store.getFolder(folderName);
        folder.open(Folder.READ_ONLY);
        try {
            UIDFolder uids = (UIDFolder) folder;
            FetchProfile profile = new FetchProfile();
            profile.add(UIDFolder.FetchProfileItem.UID);
            HEADERS.forEach(profile::add);
            MailDateFormat dates = new MailDateFormat();
            Set<String> ids = new HashSet<>();
            long start = System.nanoTime();
            uids.getUIDValidity();
            int count = folder.getMessageCount();
            for (int from = 1; from <= count; from += batch) {
                Message[] slice = folder.getMessages(from, Math.min(count, from + batch - 1));
                folder.fetch(slice, profile);
                for (Message message : slice) {
                    uids.getUID(message);
                    String[] id = message.getHeader("Message-ID");
                    if (id != null) {
                        ids.add(id[0]);
                    }
                    for (String name : List.of("From", "To", "Cc")) {
                        String value = headerOf(message, name);
                        if (value != null) {
                            InternetAddress.parseHeader(value, false);
                        }
                    }
                    String date = headerOf(message, "Date");
                    if (date != null) {
                        try {
                            dates.parse(date);
                        } catch (ParseException unparseable) {
                            // capture then uses the server's date: nothing to count here
                        }
                    }
                    headerOf(message, "Subject");
                    headerOf(message, "In-Reply-To");
                    headerOf(message, "References");
                    headerOf(message, "List-Id");
                    headerOf(message, "Precedence");
                    headerOf(message, "Auto-Submitted");
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(count, ids.size(), seconds);
        } finally {
            folder.close(false);
        }
    }

    private static String headerOf(Message message, String name) throws MessagingException {
        return message instanceof jakarta.mail.internet.MimeMessage mime ? mime.getHeader(name, ",") : null;
    }
}
