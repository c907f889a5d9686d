package com.keepintouch.interaction.capture;

/** How a touch was captured; stored on the interaction and sent as {@code data.source} of interaction.recorded. */
public enum CaptureSource {
    /** Posted through the interactions API by a recruiter's tool; also every interaction stored before sources were kept. */
    API,
    /** Read from a synced IMAP mailbox of the owner. */
    MAILBOX,
    /** Mail sent or forwarded to the owner's capture address (BCC or forward over SMTP). */
    CAPTURE_ADDRESS,
    /** An imported or polled iCalendar event. */
    CALENDAR
}
