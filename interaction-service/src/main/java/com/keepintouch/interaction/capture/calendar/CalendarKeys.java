package com.keepintouch.interaction.capture.calendar;

import com.keepintouch.interaction.interactions.domain.InteractionRules;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The stable names of what a calendar event becomes, so that reading it again finds what it made before. */
final class CalendarKeys {

    private CalendarKeys() {}

    /** {@code ical/<contactId>/<UID>[/<RECURRENCE-ID>]}: one meeting per contact and occurrence. */
    static String meetingExternalId(String contactId, String uid, String recurrenceId) {
        String id = "ical/" + contactId + "/" + uid + (recurrenceId == null ? "" : "/" + recurrenceId);
        if (id.length() <= InteractionRules.MAX_EXTERNAL_ID) {
            return id;
        }
        // Some calendars write UIDs of hundreds of characters: such a one is named by its digest.
        return "ical/" + contactId + "/sha256:" + digest(uid) + (recurrenceId == null ? "" : "/" + recurrenceId);
    }

    /** {@code ical/<UID>[/<RECURRENCE-ID>]}: the event a planned touch comes from. */
    static String eventExternalId(String uid, String recurrenceId) {
        String event = uid.length() <= 150 ? uid : "sha256:" + digest(uid);
        return "ical/" + event + (recurrenceId == null ? "" : "/" + recurrenceId);
    }

    /** {@code p_} and 24 hex digits of a digest of owner, UID, recurrence id and contact. */
    static String plannedId(String ownerId, String uid, String recurrenceId, String contactId) {
        return "p_"
                + digest(ownerId + "\n" + uid + "\n" + (recurrenceId == null ? "" : recurrenceId) + "\n" + contactId)
                        .substring(0, 24);
    }

    private static String digest(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
