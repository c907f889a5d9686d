package com.keepintouch.interaction.capture.calendar;

/**
 * What reading one calendar did (the answer of an import, a feed's latest poll).
 *
 * @param events occurrences in the window (each occurrence of a recurring event counts)
 * @param meetingsRecorded MEETING interactions recorded now, one per contact and past occurrence
 * @param alreadyKnown meetings recorded before and planned touches announced before, unchanged
 * @param plannedTouches planned touches announced now: new, moved, or called off
 * @param unmatched occurrences with none of the owner's contacts among their organizer and attendees
 * @param invalid events left out: no UID, no start, a recurrence that cannot be expanded or that repeats by the minute or second
 */
record ImportCounts(
        int events, int meetingsRecorded, int alreadyKnown, int plannedTouches, int unmatched, int invalid) {}
