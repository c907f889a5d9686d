package com.keepintouch.interaction.capture.calendar;

import com.keepintouch.interaction.interactions.domain.InteractionRules;
import org.apache.commons.codec.digest.DigestUtils;

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
        return "ical/" + contactId + "/sha256:" + DigestUtils.sha256Hex(uid)
                + (recurrenceId == null ? "" : "/" + recurrenceId);
    }

    /** {@code ical/<UID>[/<RECURRENCE-ID>]}: the event a planned touch comes from. */
    static String eventExternalId(String uid, String recurrenceId) {
        String event = uid.length() <= 150 ? uid : "sha256:" + DigestUtils.sha256Hex(uid);
        return "ical/" + event + (recurrenceId == null ? "" : "/" + recurrenceId);
    }

    /** {@code p_} and 24 hex digits of a digest of owner, UID, recurrence id and contact. */
    static String plannedId(String ownerId, String uid, String recurrenceId, String contactId) {
        return "p_"
                + DigestUtils.sha256Hex(ownerId + "\n" + uid + "\n" + (recurrenceId == null ? "" : recurrenceId) + "\n"
                                + contactId)
                        .substring(0, 24);
    }
}
