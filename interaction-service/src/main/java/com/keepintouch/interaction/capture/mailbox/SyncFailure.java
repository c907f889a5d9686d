package com.keepintouch.interaction.capture.mailbox;

/**
 * Why talking to a mailbox's server failed, as a sentence a person reads (never a Java type nor the
 * secret), whether trying again may help, and a short kind for the failures metric.
 */
final class SyncFailure extends RuntimeException {

    /** What went wrong, for {@code kit_capture_mailbox_failures_total{kind}}. */
    enum Kind {
        LOGIN,
        UNREACHABLE,
        TIMEOUT,
        TLS,
        CONNECTION,
        FOLDER,
        REFUSED_HOST,
        SERVER,
        RECORDING
    }

    private final Kind kind;
    private final boolean retryable;

    SyncFailure(Kind kind, String sentence, boolean retryable) {
        super(sentence, null, false, false);
        this.kind = kind;
        this.retryable = retryable;
    }

    Kind kind() {
        return kind;
    }

    /** Whether the same round may succeed if tried again soon (a connection), or not (a refused login). */
    boolean retryable() {
        return retryable;
    }

    String sentence() {
        return getMessage();
    }
}
