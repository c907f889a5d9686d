package com.keepintouch.platform.domain;

/**
 * A value a message repeats back to its caller ("Contact c_123 does not exist"): whole while it is
 * short, else its start and how much was left out, so that no answer echoes a long input.
 */
public final class Quoted {

    /** The most characters of a value a message repeats. */
    public static final int MAX_LENGTH = 60;

    private Quoted() {}

    public static String of(String value) {
        if (value == null || value.length() <= MAX_LENGTH) {
            return value;
        }
        return value.substring(0, MAX_LENGTH) + "… (" + (value.length() - MAX_LENGTH) + " more characters)";
    }
}
