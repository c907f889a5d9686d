package com.keepintouch.platform.web;

import java.io.IOException;

/** A streamed request body passed the size limit of its endpoint; answered 413. */
public class BodyTooLargeException extends IOException {

    public BodyTooLargeException(long limit) {
        super(detail(limit));
    }

    static String detail(long limit) {
        return "The request body is larger than " + limit + " bytes, the limit of this endpoint.";
    }

    /** The instance of this exception in {@code throwable}'s cause chain, or null. */
    public static BodyTooLargeException in(Throwable throwable) {
        for (Throwable t = throwable; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLargeException tooLarge) {
                return tooLarge;
            }
        }
        return null;
    }
}
