package com.keepintouch.reminder.library;

import java.time.Instant;

/**
 * An owner's cadence for the contacts with a tag.
 *
 * @param tag the tag in lower case (Locale.ROOT), as it is matched
 * @param spelling the tag as the owner last wrote it, for display
 */
record TagCadence(String ownerId, String tag, String spelling, int days, Instant updatedAt) {}
